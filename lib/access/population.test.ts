import { describe, expect, it } from "vitest";
import type {
  AccessUsageRow,
  FlagRecord,
  IngestKeyRecord,
  MemberRecord,
} from "../../db/store/types";
import {
  buildPopulation,
  globMatches,
  type PopulationInput,
  populationCounts,
  populationHash,
} from "./population";
import type { PolicyGrant, PolicyVersion } from "./types";

const NOW = new Date("2026-06-30T00:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

const version: PolicyVersion = {
  id: "pv1",
  server: "files",
  instance: "g1",
  guardVersion: "1.0.0",
  hash: "h1",
  document: {},
  effectiveFrom: daysAgo(200),
  effectiveTo: null,
};
const grant = (g: Partial<PolicyGrant>): { version: PolicyVersion; grant: PolicyGrant } => ({
  version,
  grant: {
    server: "files",
    tool: "read_*",
    principal: { kind: "actor", id: "alice" },
    ruleId: "r1",
    sensitive: false,
    classification: null,
    ...g,
  },
});
const use = (u: Partial<AccessUsageRow>): AccessUsageRow => ({
  principal: "alice",
  server: "files",
  tool: "read_file",
  actorType: "user",
  firstSeen: daysAgo(60),
  lastUsed: daysAgo(1),
  calls: 5,
  denials: 0,
  sources: ["k1"],
  ...u,
});

function input(over: Partial<PopulationInput> = {}): PopulationInput {
  return {
    now: NOW,
    usage: [
      use({}),
      use({ tool: "read_dir", calls: 2, sources: ["k2"] }),
      use({ principal: "bob", tool: "delete_file", calls: 3, denials: 1, lastUsed: daysAgo(100) }),
      use({ principal: "carol", tool: "write_file", calls: 1 }),
    ],
    grants: [
      grant({}),
      grant({ tool: "write_file", principal: { kind: "role", id: "editor" }, ruleId: "r2" }),
      grant({
        tool: "purge",
        principal: { kind: "any", id: "" },
        ruleId: "r3",
        classification: "restricted",
      }),
      grant({
        tool: "delete_*",
        principal: { kind: "actor", id: "dave" },
        ruleId: "r4",
        sensitive: true,
      }),
    ],
    principals: new Map([
      ["carol", { roles: ["editor"], actsFor: null, manager: "mgr@example.com" }],
      ["bob", { roles: [], actsFor: "ann@example.com", manager: null }],
    ]),
    members: [],
    lastSignIn: new Map(),
    keys: [],
    flags: [],
    ...over,
  };
}

describe("globMatches", () => {
  it("treats * as any run of characters and everything else literally", () => {
    expect(globMatches("read_*", "read_file")).toBe(true);
    expect(globMatches("read_*", "xread_file")).toBe(false);
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("a*b*c", "abc")).toBe(true);
    expect(globMatches("a*b*c", "acb")).toBe(false);
    expect(globMatches("ab*ba", "aba")).toBe(false);
    expect(globMatches("a.c", "abc")).toBe(false);
  });
});

describe("buildPopulation", () => {
  const byPrincipal = (p: ReturnType<typeof buildPopulation>, principal: string, tool?: string) =>
    p.entries.find((e) => e.principal === principal && (tool === undefined || e.tool === tool));

  it("folds observed use into the grant that covers it, most specific first", () => {
    const p = buildPopulation(input());
    const alice = byPrincipal(p, "alice");
    expect(alice?.tool).toBe("read_*");
    expect(alice?.usage.calls).toBe(7);
    expect(alice?.usage.sources).toEqual(["k1", "k2"]);
    expect(alice?.grantedBy).toEqual([{ policyVersionId: "pv1", policyHash: "h1", ruleId: "r1" }]);
    expect(alice?.flags).toEqual([]);
    // carol's call is granted through her role, reported on the role's entry.
    const editors = byPrincipal(p, "role:editor");
    expect(editors?.usage.calls).toBe(1);
    expect(byPrincipal(p, "carol")).toBeUndefined();
  });

  it("marks use no grant covers, never-used and dormant grants, privileged tools", () => {
    const p = buildPopulation(input());
    const bob = byPrincipal(p, "bob");
    // delete_* is dave's, and sensitive: bob's use is a finding, and privileged.
    expect(bob?.grantedBy).toEqual([]);
    expect(bob?.flags).toEqual(["dormant", "observed-only", "privileged", "single-source"]);
    expect(bob?.actsFor).toBe("ann@example.com");
    expect(byPrincipal(p, "dave")?.flags).toEqual(["never-used", "privileged"]);
    expect(byPrincipal(p, "*")?.flags).toEqual(["never-used", "privileged"]);
    expect(byPrincipal(p, "role:editor")?.manager).toBeNull();
  });

  it("adds memberships and keys with their own flags, and anomaly flags", () => {
    const member = (m: Partial<MemberRecord>): MemberRecord => ({
      userId: "u1",
      email: "ann@example.com",
      name: null,
      role: "owner",
      expiresAt: null,
      createdAt: daysAgo(300),
      ...m,
    });
    const key = (k: Partial<IngestKeyRecord>): IngestKeyRecord => ({
      id: "k1",
      tenantId: "acme",
      name: "gw",
      secretHash: "x",
      servers: ["files"],
      ratePerSecond: 10,
      burst: null,
      createdAt: daysAgo(300),
      revokedAt: null,
      lastUsedAt: daysAgo(1),
      ...k,
    });
    const flag = { subjectKind: "actor", subjectKey: "alice" } as FlagRecord;
    const keyFlag = { subjectKind: "ingest_key", subjectKey: "k9" } as FlagRecord;
    const p = buildPopulation(
      input({
        members: [
          member({}),
          member({
            userId: "u2",
            email: "aud@example.com",
            role: "auditor",
            expiresAt: daysAgo(1),
          }),
          member({
            userId: "u3",
            email: "aud2@example.com",
            role: "auditor",
            expiresAt: daysAgo(-5),
          }),
        ],
        lastSignIn: new Map([
          ["u1", daysAgo(3)],
          ["u2", daysAgo(120)],
          ["u3", daysAgo(1)],
        ]),
        keys: [key({}), key({ id: "k9", lastUsedAt: null })],
        flags: [flag, keyFlag],
      }),
    );
    expect(byPrincipal(p, "ann@example.com")?.flags).toEqual([]);
    expect(byPrincipal(p, "ann@example.com")?.detail.lastSignIn).toBe(daysAgo(3).toISOString());
    expect(byPrincipal(p, "aud@example.com")?.flags).toEqual(["auditor-expired", "dormant"]);
    expect(byPrincipal(p, "aud2@example.com")?.flags).toEqual(["auditor-expiring"]);
    expect(byPrincipal(p, "k1")?.flags).toEqual([]);
    expect(byPrincipal(p, "k9")?.flags).toEqual(["anomaly", "never-used"]);
    expect(byPrincipal(p, "alice")?.flags).toEqual(["anomaly"]);
  });

  it("hashes the same population to the same value whatever the input order", () => {
    const a = input();
    const b = input({ usage: [...a.usage].reverse(), grants: [...a.grants].reverse() });
    expect(populationHash(buildPopulation(b).entries)).toBe(
      populationHash(buildPopulation(a).entries),
    );
    const c = input({ usage: [...a.usage, use({ principal: "eve" })] });
    expect(populationHash(buildPopulation(c).entries)).not.toBe(
      populationHash(buildPopulation(a).entries),
    );
  });

  it("reconciles the calls of the entries against the rollups' total", () => {
    const p = buildPopulation(input());
    expect(populationCounts(p, 1, 11)).toMatchObject({
      entries: 5,
      byKind: { tool: 5, membership: 0, "ingest-key": 0 },
      observedOnly: 1,
      grants: 4,
      callsInEntries: 11,
      reconciled: true,
    });
    expect(populationCounts(p, 1, 12).reconciled).toBe(false);
  });
});
