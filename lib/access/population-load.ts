import type { AdminStore, TenantStore } from "../../db/store/types";
import { grantsOfPolicy } from "./policy-grants";
import {
  buildPopulation,
  type Population,
  type PrincipalInfo,
  populationCounts,
} from "./population";
import type { PopulationCounts } from "./population-types";

/** Labels an event may carry to route its principal's entry (docs/access-reviews.md). */
export const ACTS_FOR_LABEL = "acts_for";
export const MANAGER_LABEL = "manager";
const PARALLEL = 8;
const FLAG_LIMIT = 10_000;

/** What the events say about each principal: its most recent tool call's roles and labels. */
async function principalInfo(
  data: TenantStore,
  principals: string[],
  to: Date,
): Promise<Map<string, PrincipalInfo>> {
  const out = new Map<string, PrincipalInfo>();
  for (let i = 0; i < principals.length; i += PARALLEL)
    await Promise.all(
      principals.slice(i, i + PARALLEL).map(async (p) => {
        const { events } = await data.listEvents({ actor: [p], to, activity: "mcp", limit: 1 });
        const e = events[0];
        const label = (k: string) => e?.labels?.[k]?.trim() || null;
        out.set(p, {
          roles: e?.actor.roles ?? [],
          actsFor: label(ACTS_FOR_LABEL),
          manager: label(MANAGER_LABEL),
        });
      }),
    );
  return out;
}

/** The rollups' count of tool calls in the period (MCP traffic only): what the entries must sum to. */
async function rollupToolCalls(data: TenantStore, from: Date, to: Date): Promise<number> {
  const top = await data.topN({ from, to, activity: "mcp" }, "tool", 1_000_000);
  return top.reduce((n, t) => n + t.count, 0);
}

/**
 * Reads everything a population is built from, at `now`, with use counted over [from, to): the
 * observed use, the Guard policy versions in force and their grants, the principals' labels,
 * memberships with their last sign-in, active ingest keys and open anomaly flags.
 */
export async function loadPopulation(
  data: TenantStore,
  admin: AdminStore,
  period: { from: Date; to: Date },
  now: Date,
): Promise<{ population: Population; counts: PopulationCounts }> {
  const [usage, versions, members, keys, flags, rollupCalls] = await Promise.all([
    data.accessUsage(period),
    data.guardAccess.listPolicyVersions({ at: now }),
    admin.listMembers(data.tenantId),
    admin.listIngestKeys(data.tenantId),
    data.detection.listFlags({ status: ["open", "acknowledged"], limit: FLAG_LIMIT, offset: 0 }),
    rollupToolCalls(data, period.from, period.to),
  ]);
  const grants = versions.flatMap((version) =>
    grantsOfPolicy(version.document, { server: version.server }).map((grant) => ({
      version,
      grant,
    })),
  );
  const principals = await principalInfo(
    data,
    [...new Set(usage.map((u) => u.principal))],
    period.to,
  );
  const lastSignIn = await admin.sessions.lastSignIn(members.map((m) => m.userId));
  const population = buildPopulation({
    lastSignIn,
    now,
    usage,
    grants,
    principals,
    members,
    keys: keys.filter((k) => k.revokedAt === null),
    flags: flags.rows,
  });
  return { population, counts: populationCounts(population, versions.length, rollupCalls) };
}
