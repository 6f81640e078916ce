import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTooltrail } from "../../test/fixtures/tooltrail-process";

/** `tooltrail events --query` as an operator runs it, over the tenant's own audit events. */
describe("tooltrail events --query", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-query-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runTooltrail(args, { DATA_DIR: dataDir });
  const tools = (stdout: string) =>
    stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l).tool as string);

  it("selects events with the query language and points at a mistake's column", async () => {
    expect((await cli("tenants", "create", "acme")).code).toBe(0);
    const a = JSON.parse((await cli("keys", "create", "--tenant", "acme", "--json")).stdout);
    expect((await cli("keys", "revoke", "--tenant", "acme", a.id)).code).toBe(0);

    const created = await cli(
      "events",
      "--tenant",
      "acme",
      "--query",
      "tool:key.* -tool:key.revoked",
    );
    expect([created.code, tools(created.stdout)]).toEqual([0, ["key.created"]]);
    const either = await cli(
      "events",
      "--tenant",
      "acme",
      "--query",
      '(tool:"key.revoked" OR outcome:denied)',
    );
    expect(tools(either.stdout)).toEqual(["key.revoked"]);

    const bad = await cli("events", "--tenant", "acme", "--query", "tool: key.created");
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('tooltrail: column 6: expected a value after "tool:"');
  }, 180_000);
});
