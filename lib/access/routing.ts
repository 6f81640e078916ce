import type { PopulationEntry } from "./population-types";

/** A member who may review: the routing only ever names these. */
export type Reviewer = { userId: string; email: string };

/** Reviewer rules of a campaign, emails already resolved to members (reviews/definition.ts). */
export type ReviewerRules = {
  /** Server → its owner. */
  servers: ReadonlyMap<string, Reviewer>;
  /** Principal → a named member. */
  principals: ReadonlyMap<string, Reviewer>;
  /** Route to the manager the events name (labels.manager), when that is a member. */
  useManager: boolean;
  fallback: Reviewer;
  /**
   * When the fallback would review their own access: the campaign's creator (if a member who may
   * decide), then the tenant's owners, in this order.
   */
  beyondFallback: readonly Reviewer[];
};

export type Routed = { reviewer: Reviewer; rule: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** True when deciding the entry would be the reviewer deciding on their own access. */
export function isOwnAccess(entry: PopulationEntry, r: Reviewer): boolean {
  if (entry.kind === "membership")
    return entry.detail.userId === r.userId || same(entry.principal, r.email);
  return same(entry.principal, r.email) || entry.principal === r.userId;
}

/**
 * The reviewer of an entry, by the first rule that names a member: the human an agent or service
 * acts for (when the events say so), a member named for the principal, the principal's manager,
 * the server's owner, the fallback. A choice that would be a self-review is reassigned to the
 * fallback (then to the creator or an owner), never just blocked; null when nobody else is left.
 */
export function routeEntry(
  entry: PopulationEntry,
  rules: ReviewerRules,
  members: ReadonlyMap<string, Reviewer>,
): Routed | null {
  const byEmail = (email: string | null) =>
    email ? (members.get(email.toLowerCase()) ?? null) : null;
  const candidates: [Reviewer | null, string][] = [
    [
      entry.actorType === "agent" || entry.actorType === "service" ? byEmail(entry.actsFor) : null,
      "acts-for",
    ],
    [rules.principals.get(entry.principal) ?? null, "named"],
    [rules.useManager ? byEmail(entry.manager) : null, "manager"],
    [rules.servers.get(entry.server) ?? null, "server-owner"],
    [rules.fallback, "fallback"],
  ];
  const chosen = candidates.find(([r]) => r !== null) as [Reviewer, string];
  if (!isOwnAccess(entry, chosen[0])) return { reviewer: chosen[0], rule: chosen[1] };
  if (!isOwnAccess(entry, rules.fallback))
    return { reviewer: rules.fallback, rule: "self-review→fallback" };
  const next = rules.beyondFallback.find((r) => !isOwnAccess(entry, r));
  if (next) return { reviewer: next, rule: "self-review→owner" };
  return null;
}
