import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { createView } from "./create";
import { deleteView } from "./delete";
import { listViews } from "./list";
import { openedViewHref, openView } from "./open";
import { updateView } from "./update";

/**
 * Saved views through their services on a real store: who sees and changes which view, names
 * unique where they must be with a clear message, payload terms dropped for roles that may not
 * search payloads, another tenant's view not found, and one self-audit event per change.
 */
describe("saved views service (PGlite)", () => {
  let store: Store;
  const recorded: { tenantId: string; actor: Actor; action: AuditAction }[] = [];
  const user = (id: string): Actor => ({
    kind: "user",
    userId: id,
    email: `${id}@acme.test`,
    auth: "session",
  });
  const alice = user("alice");
  const bob = user("bob");
  const carol = user("carol");
  const now = new Date("2026-03-01T12:00:00Z");

  async function ctxAs(actor: Actor, role: Role | null, tenantId = "acme"): Promise<TenantCtx> {
    const tenant = await store.admin.getTenant(tenantId);
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor,
      audit: async (t, a, action) => {
        recorded.push({ tenantId: t, actor: a, action });
      },
      now: () => now,
      tenant,
      data: store.forTenant(tenantId),
      can: (p) => role === null || can(role, p),
    };
  }
  const code = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (e: unknown) =>
        (["forbidden", "not-found", "conflict", "invalid-input"] as const).find((c) =>
          hasCode(e, c),
        ) ?? String(e),
    );
  const actions = () => recorded.map((r) => r.action.action);

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
  });
  afterAll(async () => store?.close());
  beforeEach(() => {
    recorded.length = 0;
  });

  it("saves the explorer's state (relative range stays relative) and opens it as a link", async () => {
    const ctx = await ctxAs(alice, "security_analyst");
    const saved = await createView({
      ctx,
      input: {
        name: "  Slow   reads ",
        explorer:
          "range=7d&q=tool%3Aread_*+duration_ms%3A%3E1000&sort=duration_ms&size=100&activity=all&cursor=abc",
        hidden: ["client", "redactions"],
      },
    });
    expect(saved).toMatchObject({ name: "Slow reads", visibility: "private", mine: true });
    expect(saved.id).toMatch(/^v_[A-Za-z0-9_-]{12}$/);
    const opened = await openView({ ctx, input: { view: saved.id } });
    expect(opened.state).toEqual({
      v: 1,
      range: "7d",
      tz: "utc",
      filters: { server: [], tool: [], actor: [], client: [], outcome: [] },
      q: "tool:read_* duration_ms:>1000",
      activity: "all",
      sort: "duration_ms",
      dir: "desc",
      size: 100,
      hidden: ["client", "redactions"],
    });
    expect(opened.limited).toBe(false);
    expect(openedViewHref("acme", opened)).toBe(
      `/acme/events?range=7d&q=tool%3Aread_*+duration_ms%3A%3E1000&activity=all&sort=duration_ms&dir=desc&size=100&view=${saved.id}`,
    );
    // By name too, case-insensitively.
    expect((await openView({ ctx, input: { view: "slow READS" } })).view.id).toBe(saved.id);
    // An absolute range stays absolute.
    const abs = await createView({
      ctx,
      input: { name: "Incident window", explorer: "from=2026-02-01T10:00&to=2026-02-01T12:00Z" },
    });
    expect((await openView({ ctx, input: { view: abs.id } })).state).toMatchObject({
      range: "custom",
      from: "2026-02-01T10:00:00.000Z",
      to: "2026-02-01T12:00:00.000Z",
    });
    expect(recorded).toEqual([
      {
        tenantId: "acme",
        actor: alice,
        action: {
          action: "view.created",
          details: {
            view_id: saved.id,
            name: "Slow reads",
            visibility: "private",
            query: "tool:read_* duration_ms:>1000",
            range: "7d",
          },
        },
      },
      expect.objectContaining({ action: expect.objectContaining({ action: "view.created" }) }),
    ]);
  });

  it("shows a shared view to every reader and a private one to its creator only", async () => {
    const a = await ctxAs(alice, "security_analyst");
    const shared = await createView({
      ctx: a,
      input: { name: "Team denials", visibility: "shared", explorer: "outcome=denied" },
    });
    const mine = await createView({ ctx: a, input: { name: "Alice only", explorer: "" } });
    const b = await ctxAs(bob, "auditor");
    const names = (await listViews({ ctx: b })).views.map((v) => v.name);
    expect(names).toContain("Team denials");
    expect(names).not.toContain("Alice only");
    expect(await code(openView({ ctx: b, input: { view: mine.id } }))).toBe("not-found");
    expect(await code(openView({ ctx: b, input: { view: "Alice only" } }))).toBe("not-found");
    expect((await openView({ ctx: b, input: { view: shared.id } })).view).toMatchObject({
      name: "Team denials",
      owner: "alice@acme.test",
      mine: false,
      mayChange: false,
    });
    // A viewer (no events:read) may not even list views.
    expect(await code(listViews({ ctx: await ctxAs(carol, "viewer") }))).toBe("forbidden");
    // The operator sees shared views, not people's private ones.
    const op = await ctxAs({ kind: "operator", name: "ops@host" }, null);
    const opNames = (await listViews({ ctx: op })).views.map((v) => v.name);
    expect(opNames).toContain("Team denials");
    expect(opNames).not.toContain("Alice only");
  });

  it("refuses a duplicate name per owner (private) and per organisation (shared)", async () => {
    const a = await ctxAs(alice, "security_analyst");
    const b = await ctxAs(bob, "security_analyst");
    await createView({ ctx: a, input: { name: "Errors", explorer: "outcome=error" } });
    const dup = createView({ ctx: a, input: { name: "errors", explorer: "" } });
    await expect(dup).rejects.toThrow('you already have a private view named "errors"');
    expect(await code(createView({ ctx: a, input: { name: "ERRORS", explorer: "" } }))).toBe(
      "conflict",
    );
    // Bob has his own "Errors"; the organisation may have one shared "Errors".
    expect(await code(createView({ ctx: b, input: { name: "Errors", explorer: "" } }))).toBe("ok");
    const s = { name: "Errors", visibility: "shared" as const, explorer: "" };
    expect(await code(createView({ ctx: b, input: s }))).toBe("ok");
    await expect(createView({ ctx: a, input: s })).rejects.toThrow(
      'a shared view named "Errors" already exists in Acme',
    );
    expect(actions().filter((x) => x === "view.created")).toHaveLength(3);
    // Renaming or sharing into a taken name is refused the same way, and changes nothing.
    const other = await createView({ ctx: a, input: { name: "Other", explorer: "" } });
    await expect(updateView({ ctx: a, input: { id: other.id, name: " errors" } })).rejects.toThrow(
      'you already have a private view named "errors"',
    );
    await expect(
      updateView({ ctx: a, input: { id: other.id, name: "Errors", visibility: "shared" } }),
    ).rejects.toThrow('a shared view named "Errors" already exists in Acme');
    expect((await openView({ ctx: a, input: { view: other.id } })).view).toMatchObject({
      name: "Other",
      visibility: "private",
    });
    expect(actions().filter((x) => x === "view.updated")).toHaveLength(0);
  });

  it("lets only the creator, or an owner or admin, change or delete a shared view", async () => {
    const a = await ctxAs(alice, "security_analyst");
    const v = await createView({
      ctx: a,
      input: { name: "Shared triage", visibility: "shared", explorer: "range=1h" },
    });
    const b = await ctxAs(bob, "security_analyst");
    expect(await code(updateView({ ctx: b, input: { id: v.id, name: "Mine now" } }))).toBe(
      "forbidden",
    );
    expect(await code(deleteView({ ctx: b, input: { id: v.id } }))).toBe("forbidden");
    const admin = await ctxAs(carol, "admin");
    const renamed = await updateView({ ctx: admin, input: { id: v.id, name: "Triage (1 h)" } });
    expect(renamed).toMatchObject({ name: "Triage (1 h)", mine: false, mayChange: true });
    // Making it private would take it from everyone: its creator's call only.
    expect(await code(updateView({ ctx: admin, input: { id: v.id, visibility: "private" } }))).toBe(
      "forbidden",
    );
    // The creator replaces the state with the explorer's current one.
    const updated = await updateView({
      ctx: a,
      input: { id: v.id, explorer: "range=30d&q=-outcome%3Aok" },
    });
    expect((await openView({ ctx: b, input: { view: updated.id } })).state).toMatchObject({
      range: "30d",
      q: "-outcome:ok",
    });
    expect(recorded.filter((r) => r.action.action === "view.updated" && !r.action.outcome)).toEqual(
      [
        {
          tenantId: "acme",
          actor: carol,
          action: {
            action: "view.updated",
            details: { view_id: v.id, name: "Triage (1 h)", renamed_from: "Shared triage" },
          },
        },
        expect.anything(),
      ],
    );
    await deleteView({ ctx: admin, input: { id: v.id } });
    expect(await code(openView({ ctx: a, input: { view: v.id } }))).toBe("not-found");
    expect(recorded.at(-1)).toMatchObject({
      actor: carol,
      action: {
        action: "view.deleted",
        details: { view_id: v.id, name: "Triage (1 h)", owner: "alice@acme.test" },
      },
    });
    // Refusals are recorded as denied, by whoever tried; they changed nothing.
    expect(recorded.map((r) => [r.action.action, r.action.outcome ?? "ok", r.actor])).toEqual([
      ["view.created", "ok", alice],
      ["view.updated", "denied", bob],
      ["view.deleted", "denied", bob],
      ["view.updated", "ok", carol],
      ["view.updated", "denied", carol],
      ["view.updated", "ok", alice],
      ["view.deleted", "ok", carol],
    ]);
    expect(recorded[1]?.action.reason).toBe(
      'only its creator (alice@acme.test) or the organisation\'s owners and admins may change the shared view "Shared triage"',
    );
  });

  it("drops payload terms for a role that may not read payloads, and refuses to save them", async () => {
    const a = await ctxAs(alice, "security_analyst");
    const v = await createView({
      ctx: a,
      input: {
        name: "Secrets",
        visibility: "shared",
        explorer: "q=tool%3Aread_file+args.path%3A%2Fetc*",
      },
    });
    const admin = await ctxAs(carol, "admin");
    const opened = await openView({ ctx: admin, input: { view: v.id } });
    expect([opened.state.q, opened.limited]).toEqual(["", true]);
    expect((await openView({ ctx: a, input: { view: v.id } })).state.q).toBe(
      "tool:read_file args.path:/etc*",
    );
    await expect(
      createView({ ctx: admin, input: { name: "Mine", explorer: "q=password" } }),
    ).rejects.toThrow(/payloads .* your role may not read/);
    // A field-only query is fine for the admin.
    expect(
      await code(createView({ ctx: admin, input: { name: "Tools", explorer: "q=tool%3Ax" } })),
    ).toBe("ok");
  });

  it("never shows or changes another organisation's view, and refuses bad input clearly", async () => {
    const a = await ctxAs(alice, "owner");
    const v = await createView({
      ctx: a,
      input: { name: "Acme view", visibility: "shared", explorer: "" },
    });
    const g = await ctxAs(alice, "owner", "globex");
    expect(await code(openView({ ctx: g, input: { view: v.id } }))).toBe("not-found");
    expect(await code(updateView({ ctx: g, input: { id: v.id, name: "x" } }))).toBe("not-found");
    expect(await code(deleteView({ ctx: g, input: { id: v.id } }))).toBe("not-found");
    expect((await listViews({ ctx: g })).views).toEqual([]);
    await expect(createView({ ctx: a, input: { name: "  ", explorer: "" } })).rejects.toThrow(
      "name: name the view",
    );
    await expect(
      createView({ ctx: a, input: { name: "x", explorer: "range=2d" } }),
    ).rejects.toThrow("range must be one of 1h, 24h, 7d, 30d or custom");
    await expect(
      createView({ ctx: a, input: { name: "y", explorer: "q=tool%3A" } }),
    ).rejects.toThrow(/q \(search\): column 6/);
    expect(await code(createView({ ctx: a, input: { name: "a\u0007b", explorer: "" } }))).toBe(
      "invalid-input",
    );
    expect(await code(deleteView({ ctx: a, input: { id: "'; drop" } }))).toBe("invalid-input");
  });
});
