import { createHash } from "node:crypto";
import type {
  AccessUsageRow,
  FlagRecord,
  IngestKeyRecord,
  MemberRecord,
} from "../../db/store/types";
import { canonicalJson } from "../core/integrity/canonical";
import type {
  EntryFlag,
  EntryKind,
  EntryUsage,
  GrantSource,
  PopulationCounts,
  PopulationEntry,
} from "./population-types";
import type { PolicyGrant, PolicyVersion } from "./types";

const DAY_MS = 86_400_000;
export const DORMANT_DAYS = 90;
export const AUDITOR_EXPIRING_DAYS = 14;
/** Tooltrail's own access is listed under this server name. */
export const OWN_ACCESS_SERVER = "tooltrail";
/** The detection engine's subject-key separator (lib/detect). */
const SEP = "\u001f";

/** What events say about a principal beyond its calls (its last event's roles and labels). */
export type PrincipalInfo = { roles: string[]; actsFor: string | null; manager: string | null };

export type PopulationInput = {
  now: Date;
  usage: AccessUsageRow[];
  /** The grants of every policy version in force at `now`. */
  grants: { version: PolicyVersion; grant: PolicyGrant }[];
  principals: ReadonlyMap<string, PrincipalInfo>;
  members: MemberRecord[];
  /** Each member's last sign-in (none: never signed in). */
  lastSignIn: ReadonlyMap<string, Date>;
  /** Active keys only: a revoked key is no longer access. */
  keys: IngestKeyRecord[];
  /** Open and acknowledged anomaly flags. */
  flags: FlagRecord[];
};

export type Population = { entries: PopulationEntry[]; grantCount: number; policyVersions: number };

/** `*` is any run of characters, everything else literal. */
export function globMatches(pattern: string, value: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === value;
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  if (!value.startsWith(first) || value.length < first.length + last.length) return false;
  let at = first.length;
  for (const mid of parts.slice(1, -1)) {
    const i = value.indexOf(mid, at);
    if (i < 0) return false;
    at = i + mid.length;
  }
  return value.endsWith(last) && value.length - last.length >= at;
}

export const grantPrincipal = (p: PolicyGrant["principal"]) =>
  p.kind === "actor" ? p.id : p.kind === "role" ? `role:${p.id}` : "*";

export const entryKey = (kind: EntryKind, principal: string, server: string, tool: string) =>
  JSON.stringify([kind, principal, server, tool]);

const privileged = (g: PolicyGrant) =>
  g.sensitive || g.classification === "restricted" || g.classification === "confidential";

/** How specific a grant is for a use: an actor's own rule beats a role's, which beats anyone's. */
function specificity(g: PolicyGrant): number {
  const who = g.principal.kind === "actor" ? 4 : g.principal.kind === "role" ? 2 : 0;
  return who + (g.tool.includes("*") ? 0 : 1);
}

function grants(g: PolicyGrant, row: AccessUsageRow, info: PrincipalInfo | undefined): boolean {
  if (g.server !== row.server || !globMatches(g.tool, row.tool)) return false;
  if (g.principal.kind === "any") return true;
  if (g.principal.kind === "actor") return g.principal.id === row.principal;
  return info?.roles.includes(g.principal.id) ?? false;
}

const emptyUsage = (): EntryUsage => ({
  firstSeen: null,
  lastUsed: null,
  calls: 0,
  denials: 0,
  sources: [],
});

function addUsage(u: EntryUsage, row: AccessUsageRow): void {
  const first = row.firstSeen.toISOString();
  const last = row.lastUsed.toISOString();
  if (u.firstSeen === null || first < u.firstSeen) u.firstSeen = first;
  if (u.lastUsed === null || last > u.lastUsed) u.lastUsed = last;
  u.calls += row.calls;
  u.denials += row.denials;
  u.sources = [...new Set([...u.sources, ...row.sources])].sort();
}

function usageFlags(lastUsed: string | null, now: Date): EntryFlag[] {
  if (lastUsed === null) return ["never-used"];
  return now.getTime() - Date.parse(lastUsed) > DORMANT_DAYS * DAY_MS ? ["dormant"] : [];
}

/**
 * The population of a campaign at one moment: every Guard grant in force (with the observed use
 * it covers), every observed use no grant covers (a finding), every membership and active ingest
 * key, each with the flags a reviewer needs. Pure: the loader (population-load.ts) reads the
 * inputs; the same inputs give the same entries in the same order, so the snapshot hash is stable.
 */
export function buildPopulation(input: PopulationInput): Population {
  const { now } = input;
  const entries = new Map<string, PopulationEntry>();
  const sourcesOf = new Map<string, Set<string>>();
  for (const row of input.usage) {
    const s = sourcesOf.get(row.principal) ?? new Set<string>();
    for (const k of row.sources) s.add(k);
    sourcesOf.set(row.principal, s);
  }
  const anomalies = new Set<string>();
  for (const f of input.flags) anomalies.add(`${f.subjectKind}${SEP}${f.subjectKey}`);
  const anomalous = (principal: string, server: string, tool: string) =>
    anomalies.has(`actor${SEP}${principal}`) ||
    anomalies.has(`actor_tool${SEP}${principal}${SEP}${tool}`) ||
    anomalies.has(`actor_server${SEP}${principal}${SEP}${server}`);

  const toolEntry = (
    principal: string,
    kind: PopulationEntry["principalKind"],
    server: string,
    tool: string,
  ) => {
    const key = entryKey("tool", principal, server, tool);
    let e = entries.get(key);
    if (!e) {
      const info = input.principals.get(principal);
      e = {
        key,
        kind: "tool",
        principal,
        principalKind: kind,
        server,
        tool,
        actorType: null,
        grantedBy: [],
        usage: emptyUsage(),
        flags: [],
        actsFor: info?.actsFor ?? null,
        manager: info?.manager ?? null,
        detail: {},
      };
      entries.set(key, e);
    }
    return e;
  };

  for (const { version, grant } of input.grants) {
    const e = toolEntry(
      grantPrincipal(grant.principal),
      grant.principal.kind,
      grant.server,
      grant.tool,
    );
    const source: GrantSource = {
      policyVersionId: version.id,
      policyHash: version.hash,
      ruleId: grant.ruleId,
    };
    if (!e.grantedBy.some((s) => canonicalJson(s) === canonicalJson(source)))
      e.grantedBy.push(source);
    if (privileged(grant)) e.flags.push("privileged");
  }

  for (const row of input.usage) {
    const info = input.principals.get(row.principal);
    const best = input.grants
      .filter(({ grant }) => grants(grant, row, info))
      .sort((a, b) => specificity(b.grant) - specificity(a.grant))[0];
    const e = best
      ? toolEntry(
          grantPrincipal(best.grant.principal),
          best.grant.principal.kind,
          row.server,
          best.grant.tool,
        )
      : toolEntry(row.principal, "actor", row.server, row.tool);
    addUsage(e.usage, row);
    if (e.principalKind === "actor") e.actorType = row.actorType ?? e.actorType;
    if (!best) {
      e.flags.push("observed-only");
      // A tool the server's policy marks sensitive is privileged whoever calls it.
      if (
        input.grants.some(
          ({ grant }) =>
            grant.server === row.server && globMatches(grant.tool, row.tool) && privileged(grant),
        )
      )
        e.flags.push("privileged");
    }
  }

  for (const e of entries.values()) {
    e.flags.push(...usageFlags(e.usage.lastUsed, now));
    if (e.principalKind === "actor") {
      if ((sourcesOf.get(e.principal)?.size ?? 0) === 1) e.flags.push("single-source");
      if (anomalous(e.principal, e.server, e.tool)) e.flags.push("anomaly");
    }
  }

  for (const m of input.members) {
    const lastSignIn = input.lastSignIn.get(m.userId)?.toISOString() ?? null;
    const flags: EntryFlag[] = usageFlags(lastSignIn, now);
    if (m.expiresAt && m.expiresAt.getTime() <= now.getTime()) flags.push("auditor-expired");
    else if (m.expiresAt && m.expiresAt.getTime() - now.getTime() <= AUDITOR_EXPIRING_DAYS * DAY_MS)
      flags.push("auditor-expiring");
    if (anomalies.has(`actor${SEP}${m.email}`)) flags.push("anomaly");
    const key = entryKey("membership", m.email, OWN_ACCESS_SERVER, m.role);
    entries.set(key, {
      key,
      kind: "membership",
      principal: m.email,
      principalKind: "user",
      server: OWN_ACCESS_SERVER,
      tool: m.role,
      actorType: "user",
      grantedBy: [],
      usage: { ...emptyUsage(), lastUsed: lastSignIn },
      flags,
      actsFor: null,
      manager: null,
      detail: {
        userId: m.userId,
        lastSignIn,
        role: m.role,
        auditorEndsAt: m.expiresAt?.toISOString() ?? null,
        memberSince: m.createdAt.toISOString(),
      },
    });
  }

  for (const k of input.keys) {
    const lastUsed = k.lastUsedAt?.toISOString() ?? null;
    const flags = usageFlags(lastUsed, now);
    if (anomalies.has(`ingest_key${SEP}${k.id}`)) flags.push("anomaly");
    const key = entryKey("ingest-key", k.id, OWN_ACCESS_SERVER, "ingest");
    entries.set(key, {
      key,
      kind: "ingest-key",
      principal: k.id,
      principalKind: "key",
      server: OWN_ACCESS_SERVER,
      tool: "ingest",
      actorType: "service",
      grantedBy: [],
      usage: { ...emptyUsage(), lastUsed },
      flags,
      actsFor: null,
      manager: null,
      detail: {
        name: k.name,
        servers: k.servers,
        ratePerSecond: k.ratePerSecond,
        burst: k.burst,
        createdAt: k.createdAt.toISOString(),
      },
    });
  }

  const sorted = [...entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const e of sorted) e.flags = [...new Set(e.flags)].sort();
  return {
    entries: sorted,
    grantCount: input.grants.length,
    policyVersions: new Set(input.grants.map((g) => g.version.id)).size,
  };
}

/** sha256 (hex) of the canonical JSON of the entries: what auditors recompute from the export. */
export function populationHash(entries: readonly PopulationEntry[]): string {
  return createHash("sha256").update(canonicalJson(entries)).digest("hex");
}

/** The counts recorded with the snapshot, reconciled against the rollups' total of tool calls. */
export function populationCounts(
  p: Population,
  policyVersionsInForce: number,
  callsInRollups: number,
): PopulationCounts {
  const byKind: Record<EntryKind, number> = { tool: 0, membership: 0, "ingest-key": 0 };
  let calls = 0;
  for (const e of p.entries) {
    byKind[e.kind]++;
    calls += e.usage.calls;
  }
  return {
    entries: p.entries.length,
    byKind,
    observedOnly: p.entries.filter((e) => e.flags.includes("observed-only")).length,
    policyVersions: policyVersionsInForce,
    grants: p.grantCount,
    callsInEntries: calls,
    callsInRollups,
    reconciled: calls === callsInRollups,
  };
}
