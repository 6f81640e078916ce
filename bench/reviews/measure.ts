import type { Store } from "../../db/store/types";
import { loadPopulation } from "../../lib/access/population-load";
import { createCampaign } from "../../lib/services/reviews/create-campaign";
import { listEntries } from "../../lib/services/reviews/list-entries";
import { reviewMembers } from "../../lib/services/reviews/review-members";
import { startCampaign } from "../../lib/services/reviews/start-campaign";
import { ctxAs, email } from "./setup";
import { serverName } from "./shape";

const DAY_MS = 86_400_000;
export const PERIOD_DAYS = 90;

const progress = (what: string, ms: number[]) =>
  console.error(`  ${what}: ${ms.map((m) => m.toFixed(0)).join(", ")} ms`);

export type Timing = { name: string; ms: number[] };
export type Measured = {
  timings: Timing[];
  usageRows: number;
  principals: number;
  entries: number;
  startMs: number;
  reconciled: boolean;
};

async function timed<T>(runs: number, f: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await f();
    ms.push(performance.now() - t0);
  }
  return { ms, last: last as T };
}

/** The entries page's filters, cycled over the requests (page.tsx: listEntries, then members). */
const PAGE_VIEWS: { who: string; filter: Record<string, unknown> }[] = [
  { who: "co", filter: {} },
  { who: "co", filter: { flag: "dormant" } },
  { who: "co", filter: { kind: "tool", state: "undecided" } },
  { who: "co", filter: { server: serverName(0) } },
  { who: "rev0", filter: { mine: true } },
  { who: "aud", filter: { flag: "observed-only" } },
];

/**
 * (a) the population of a 90-day campaign: the observed-use scan alone and the whole load
 * (scan, policies, each principal's latest event, members, keys, flags, rollup total, build),
 * against a raw count over the same range in the same run; then one real start (frozen,
 * routed, stored). (b) the entries page's data load, p50/p95 over `pageRequests`.
 */
export async function measureReviews(
  store: Store,
  tenant: string,
  now: Date,
  o: { runs: number; pageRequests: number },
): Promise<Measured> {
  const period = { from: new Date(now.getTime() - PERIOD_DAYS * DAY_MS), to: now };
  const data = store.forTenant(tenant);
  const baseline = await timed(o.runs, () => data.countEvents({ to: period.to, activity: "mcp" }));
  progress("baseline", baseline.ms);
  const scan = await timed(o.runs, () => data.accessUsage(period));
  progress("scan", scan.ms);
  // What the loader reads per principal (population-load.ts: its latest tool call, 8 at a time).
  const principals = [...new Set(scan.last.map((u) => u.principal))];
  const latest = await timed(40, () =>
    data.listEvents({
      actor: [principals[Math.floor(Math.random() * principals.length)] ?? ""],
      to: now,
      activity: "mcp",
      limit: 1,
    }),
  );
  progress("latest event of one principal", latest.ms);
  const load = await timed(o.runs, () => loadPopulation(data, store.admin, period, now));
  progress("load", load.ms);
  const co = await ctxAs(store, tenant, "co", now);
  const owners = Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [serverName(i), email(`rev${i}`, tenant)]),
  );
  const campaign = await createCampaign({
    ctx: co,
    input: {
      name: "Bench quarterly",
      dueAt: new Date(now.getTime() + 14 * DAY_MS),
      definition: {
        scope: { everything: true },
        periodDays: PERIOD_DAYS,
        reviewers: { fallback: email("co", tenant), servers: owners },
      },
    },
  });
  const t0 = performance.now();
  const started = await startCampaign({ ctx: co, input: { campaign: campaign.id } });
  const startMs = performance.now() - t0;
  progress("start", [startMs]);
  const ctxs = new Map<string, Awaited<ReturnType<typeof ctxAs>>>();
  for (const v of PAGE_VIEWS) ctxs.set(v.who, await ctxAs(store, tenant, v.who, now));
  const page = await timed(o.pageRequests, async () => {
    const v = PAGE_VIEWS[Math.floor(Math.random() * PAGE_VIEWS.length)] ?? PAGE_VIEWS[0];
    const ctx = ctxs.get(v?.who ?? "co");
    if (!ctx || !v) throw new Error("no ctx");
    const r = await listEntries({ ctx, input: { campaign: campaign.id, ...v.filter } });
    await reviewMembers({ ctx });
    return r.entries.length;
  });
  progress("entries page", page.ms);
  const counts = (started.counts ?? {}) as {
    entries?: number;
    population?: { reconciled?: boolean };
  };
  return {
    timings: [
      { name: "baseline: raw count, all before `to`", ms: baseline.ms },
      { name: "observed-use scan (accessUsage)", ms: scan.ms },
      { name: "latest event of one principal", ms: latest.ms },
      { name: "population load + build, 90 d", ms: load.ms },
      { name: "entries page data load", ms: page.ms },
    ],
    usageRows: scan.last.length,
    principals: principals.length,
    entries: counts.entries ?? load.last.population.entries.length,
    startMs,
    reconciled: load.last.counts.reconciled,
  };
}
