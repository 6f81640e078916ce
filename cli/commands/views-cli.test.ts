import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { can } from "../../lib/auth/permissions";
import type { TenantCtx } from "../../lib/services/context";
import { createView } from "../../lib/services/views/create";
import { runTooltrail } from "../../test/fixtures/tooltrail-process";

/**
 * `tooltrail views list` and `tooltrail events --view` as an operator runs them: the shared views
 * a member saved in the dashboard, run with their query, range and activity; a private view is
 * not the operator's to list or run.
 */
describe("tooltrail views / events --view", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-views-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runTooltrail(args, { DATA_DIR: dataDir });
  const tools = (stdout: string) =>
    stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l).tool as string);

  it("lists shared views and runs one by name or id, flags replacing its values", async () => {
    expect((await cli("tenants", "create", "acme")).code).toBe(0);
    const key = JSON.parse((await cli("keys", "create", "--tenant", "acme", "--json")).stdout);
    expect((await cli("keys", "revoke", "--tenant", "acme", key.id)).code).toBe(0);

    // A member saves two views in the dashboard (the same service the server action calls).
    const store = await openPgliteStore(join(dataDir, "pglite"));
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    const ctx: TenantCtx = {
      store,
      actor: { kind: "user", userId: "u-alice", email: "alice@acme.test", auth: "session" },
      audit: async () => {},
      now: () => new Date(),
      tenant,
      data: store.forTenant("acme"),
      can: (p) => can("security_analyst", p),
    };
    const shared = await createView({
      ctx,
      input: {
        name: "Key changes",
        visibility: "shared",
        explorer: "range=24h&activity=dashboard&q=tool%3Akey.*+-tool%3Akey.revoked",
      },
    });
    await createView({ ctx, input: { name: "Alice's own", explorer: "activity=all" } });
    await store.close();

    const listed = await cli("views", "list", "--tenant", "acme", "--json");
    expect(listed.code).toBe(0);
    const rows = listed.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([
      expect.objectContaining({
        id: shared.id,
        name: "Key changes",
        visibility: "shared",
        owner: "alice@acme.test",
        query: "range=24h&q=tool%3Akey.*+-tool%3Akey.revoked&activity=dashboard",
      }),
    ]);
    const table = await cli("views", "list", "--tenant", "acme");
    expect(table.stdout).toContain("q=tool:key.* -tool:key.revoked activity=dashboard");
    expect(table.stdout).toContain("1 saved view");

    for (const ref of ["key CHANGES", shared.id]) {
      const run = await cli("events", "--tenant", "acme", "--view", ref);
      expect([run.code, tools(run.stdout), run.stderr]).toEqual([0, ["key.created"], ""]);
    }
    // A flag given replaces the view's value; the rest of the view (activity, range) stays.
    const over = await cli(
      "events",
      "--tenant",
      "acme",
      "--view",
      "Key changes",
      "--query",
      "tool:key.revoked",
    );
    expect(tools(over.stdout)).toEqual(["key.revoked"]);
    const past = await cli("events", "--tenant", "acme", "--view", "Key changes", "--to", "2d");
    expect([past.code, tools(past.stdout)]).toEqual([0, []]);

    // A private view is its creator's: the operator neither lists nor runs it.
    const mine = await cli("events", "--tenant", "acme", "--view", "Alice's own");
    expect([mine.code, mine.stderr.trim()]).toEqual([
      1,
      `tooltrail: no saved view named "Alice's own"`,
    ]);
    const other = await cli("events", "--tenant", "acme", "--view", "v_unknown");
    expect([other.code, other.stderr.trim()]).toEqual([1, "tooltrail: no saved view v_unknown"]);
    const usage = await cli("views", "show", "--tenant", "acme");
    expect(usage.code).toBe(2);
  }, 180_000);
});
