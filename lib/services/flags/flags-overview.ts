import { SEP } from "../../detect/tallies";
import { SEVERITIES, type Severity } from "../../detect/types";
import type { TenantCtx } from "../context";
import { detection } from "./flag-common";

export const OVERVIEW_DAYS = 30;
const DAY = 86_400_000;

export type FlagsOverview = {
  /** Flags not yet resolved (open or acknowledged), per severity. */
  unresolvedBySeverity: Record<Severity, number>;
  /** Per UTC day of the last OVERVIEW_DAYS: flags open that day, per severity. */
  perDay: ({ t: number } & Record<Severity, number>)[];
};

/**
 * The overview's flag figures, for any role with flags:count (counts only, nothing a flag says),
 * null for the others. Read as part of the overview, whose `overview.view` audit covers it.
 */
export async function loadFlagsOverview(ctx: TenantCtx): Promise<FlagsOverview | null> {
  if (!ctx.can("flags:count")) return null;
  const store = detection(ctx);
  const end = Math.floor(ctx.now().getTime() / DAY) * DAY + DAY;
  const start = end - OVERVIEW_DAYS * DAY;
  const [totals, days] = await Promise.all([
    Promise.all(
      SEVERITIES.map(
        async (s) =>
          (
            await store.listFlags({
              status: ["open", "acknowledged"],
              severity: [s],
              limit: 1,
              offset: 0,
            })
          ).total,
      ),
    ),
    store.openFlagsPerDay(new Date(start), new Date(end)),
  ]);
  const zero = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const perDay = Array.from({ length: OVERVIEW_DAYS }, (_, i) => ({
    t: start + i * DAY,
    ...zero(),
  }));
  for (const d of days) {
    const slot = perDay[Math.floor((d.day.getTime() - start) / DAY)];
    if (slot && (SEVERITIES as readonly string[]).includes(d.severity))
      slot[d.severity as Severity] += d.count;
  }
  const unresolvedBySeverity = zero();
  SEVERITIES.forEach((s, i) => {
    unresolvedBySeverity[s] = totals[i] ?? 0;
  });
  return { unresolvedBySeverity, perDay };
}

/**
 * Open flags about an actor or a tool, for the badge on its page: flags about it alone and about
 * it with each partner shown on the page (the actor's tools, the tool's actors), whose subject
 * keys are `actor\u001ftool`.
 */
export async function openFlagsAbout(
  ctx: TenantCtx,
  kind: "actor" | "tool",
  subject: string,
  partners: readonly string[],
): Promise<number | null> {
  if (!ctx.can("flags:count")) return null;
  const pair = (p: string) => (kind === "actor" ? `${subject}${SEP}${p}` : `${p}${SEP}${subject}`);
  const keys = [subject, ...partners.slice(0, 50).map(pair)];
  let n = 0;
  for (const c of (await detection(ctx).openFlagCounts(keys)).values()) n += c;
  return n;
}

/** How many flags cite each of these events as evidence, for badges in the explorer. */
export async function flaggedEvents(
  ctx: TenantCtx,
  ids: readonly string[],
): Promise<Record<string, number>> {
  if (!ctx.can("flags:count") || ids.length === 0) return {};
  const m = await detection(ctx).flagsOfEvents(ids);
  return Object.fromEntries([...m].map(([id, flags]) => [id, flags.length]));
}
