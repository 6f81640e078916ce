import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { principalMatches, toolMatches } from "../../../lib/access/revocation-match";
import { activate } from "../policy/holder";
import { parsePolicy } from "../policy/load";
import { GUARD_VERSION } from "../version";
import { dryRun, effectiveDecision } from "./decide";
import { type RevocationEntry, RevocationList } from "./revocation-list";

const dir = mkdtempSync(join(tmpdir(), "guard-revlist-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (over: Partial<RevocationEntry> = {}): RevocationEntry => ({
  id: "r1",
  principal: "alice",
  tools: ["delete_*"],
  campaign_id: "c1",
  campaign_name: "Q1",
  reason: "not needed",
  created_at: "2026-03-01T10:00:00.000Z",
  list_version: 1,
  ...over,
});

const active = activate(
  parsePolicy(`
version: 1
id: p
rules:
  - { id: ops, effect: allow, roles: [ops], tools: ["*"] }
  - { id: alice, effect: allow, actors: [alice], tools: ["*"] }
`),
);
const logs: string[] = [];
const log = (m: string) => logs.push(m);

describe("the revocation list", () => {
  it("persists atomically and is back after a restart, for its own server only", () => {
    const file = join(dir, "a", "revocations.json");
    const list = new RevocationList(file);
    const added = list.replace(
      { server: "memory", version: 2, revocations: [entry(), entry({ id: "r2" })] },
      '"v2"',
      new Date(),
    );
    expect(added.map((r) => r.id)).toEqual(["r1", "r2"]);
    // No temporary file is left beside it.
    expect(readdirSync(join(dir, "a"))).toEqual(["revocations.json"]);
    const again = list.replace(
      {
        server: "memory",
        version: 3,
        revocations: [entry(), entry({ id: "r2" }), entry({ id: "r3" })],
      },
      '"v3"',
      new Date(),
    );
    expect(again.map((r) => r.id)).toEqual(["r3"]);

    const restarted = new RevocationList(file);
    restarted.load("memory", log);
    expect([restarted.version, restarted.etag, restarted.entries().length]).toEqual([3, '"v3"', 3]);
    const other = new RevocationList(file);
    other.load("files", log);
    expect(other.version).toBe(0);
    expect(logs.at(-1)).toMatch(/is for server memory, not files; ignored/);
  });

  it("treats a missing or damaged file as an empty list and says so", () => {
    const missing = new RevocationList(join(dir, "none", "revocations.json"));
    missing.load("memory", log);
    expect(missing.entries()).toEqual([]);
    const damaged = join(dir, "damaged.json");
    writeFileSync(damaged, '{"server": "memory", "version": "x"');
    const list = new RevocationList(damaged);
    list.load("memory", log);
    expect(list.entries()).toEqual([]);
    expect(logs.at(-1)).toMatch(/damaged/);
    expect(readFileSync(damaged, "utf8")).toContain("memory");
  });

  it("denies the revoked principal's tools before the policy's allow rules", () => {
    const list = new RevocationList(null);
    list.replace(
      {
        server: "memory",
        version: 4,
        revocations: [entry(), entry({ id: "r-role", principal: "role:ops", tools: ["payout"] })],
      },
      null,
      new Date(),
    );
    const call = (id: string, roles: string[], tool: string) =>
      effectiveDecision(active, list, {
        identity: { id, type: "user", roles },
        server: "memory",
        method: "tools/call",
        tool,
        args: {},
        now: new Date(),
      });
    const denied = call("alice", [], "delete_entities");
    expect(denied).toMatchObject({
      verdict: "deny",
      rule_id: "revocation:r1",
      reason: 'access revoked by review campaign "Q1" (c1): not needed',
    });
    expect(call("alice", [], "read_graph").verdict).toBe("allow");
    expect(call("bob", ["ops"], "delete_entities").verdict).toBe("allow");
    expect(call("bob", ["ops"], "payout").rule_id).toBe("revocation:r-role");
    expect(call("carol", [], "payout").rule_id).toBe("default-deny");
  });

  it("dry-runs a revocation without any call: each revoked tool, or every tool", () => {
    const list = new RevocationList(null);
    const everything = entry({ id: "all", tools: [] });
    const anyone = entry({ id: "any", principal: "*", tools: ["x"] });
    list.replace(
      { server: "memory", version: 1, revocations: [entry(), everything, anyone] },
      null,
      new Date(),
    );
    expect(dryRun(active, list, entry(), "memory", new Date()).results).toEqual([
      { tool: "delete_*", verdict: "deny", rule_id: "revocation:r1" },
    ]);
    expect(dryRun(active, list, everything, "memory", new Date()).results[0]).toMatchObject({
      tool: "*",
      verdict: "deny",
    });
    expect(dryRun(active, list, anyone, "memory", new Date()).results[0]?.verdict).toBe("deny");
    // Without the revocation in force, the dry run shows the policy would allow it.
    expect(
      dryRun(active, new RevocationList(null), entry(), "memory", new Date()).results[0],
    ).toMatchObject({ verdict: "allow", rule_id: "alice" });
  });
});

it("matches exactly as Tooltrail's definition, which checks the proof", () => {
  const principals = ["alice", "bob", "role:ops", "role:dev", "*"];
  const toolSets = [[], ["delete_entities"], ["delete_*"], ["*_graph", "open_nodes"], ["a.b"]];
  const entries = principals.flatMap((principal, i) =>
    toolSets.map((tools, j) => entry({ id: `r${i}-${j}`, principal, tools })),
  );
  const callers = [
    { id: "alice", roles: [] },
    { id: "bob", roles: ["ops"] },
    { id: "carol", roles: ["dev", "ops"] },
    { id: "role:ops", roles: [] },
  ];
  const tools = ["delete_entities", "read_graph", "open_nodes", "aXb", "a.b", "delete_"];
  for (const e of entries) {
    const list = new RevocationList(null);
    list.replace({ server: "s", version: 1, revocations: [e] }, null, new Date());
    for (const caller of callers)
      for (const tool of tools)
        expect(
          list.match(caller, tool) !== null,
          `${e.principal} ${e.tools} ${caller.id} ${tool}`,
        ).toBe(principalMatches(e.principal, caller) && toolMatches(e.tools, tool));
  }
});

it("reports the version package.json says", () => {
  const pkg = JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8"),
  );
  expect(GUARD_VERSION).toBe(pkg.version);
});
