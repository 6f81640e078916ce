import type { TenantStore } from "../../db/store/types";

export type ReadTiming = { name: string; p50: number; p95: number; runs: number };

const HOUR = 3_600_000;

/**
 * Ids none of which is stored, spread among the stored ones (`evt-<n>`) as random client ids
 * are, so each lands in a different part of the index: what a check mostly sees.
 */
const newIds = (n: number, round: number) =>
  Array.from({ length: n }, (_, i) => `evt-${((i + 1) * 2654435761 + round * 40503) % 1e7}-new`);

/**
 * The dashboard's reads, as its overview and explorer issue them: whole-hour ranges for charts
 * and KPIs (the UI rounds them), a listing page with and without filters and its next page, and
 * an event by id, and the ingest path's duplicate check. Each runs `runs` times after two warm-ups; p50/p95 in milliseconds.
 */
export async function timeDashboardReads(
  t: TenantStore,
  o: { nowMs: number; total: number; runs: number },
): Promise<ReadTiming[]> {
  const to = new Date(Math.ceil(o.nowMs / HOUR) * HOUR);
  const day = { from: new Date(to.getTime() - 24 * HOUR), to };
  const week = { from: new Date(to.getTime() - 7 * 24 * HOUR), to };
  const month = { from: new Date(to.getTime() - 30 * 24 * HOUR), to };
  const page1 = await t.listEvents({ ...day, limit: 50 });
  const slowest = { ...day, sort: "duration_ms", order: "desc", limit: 50 } as const;
  const sorted1 = await t.listEvents(slowest);
  let k = 0;
  const reads: [string, () => Promise<unknown>][] = [
    ["overview: calls by outcome, 30 d hourly", () => t.countOverTime(month, 3600, "outcome")],
    [
      "overview: denials by policy, 7 d hourly",
      () => t.countOverTime({ ...week, outcome: ["denied"] }, 3600, "policy"),
    ],
    ["overview: KPI count, 24 h", () => t.countEvents(day)],
    ["overview: top 10 tools, 7 d", () => t.topN(week, "tool", 10)],
    ["overview: top 10 actors, 30 d", () => t.topN(month, "actor", 10)],
    ["overview: KPIs (calls, actors, p95), 24 h", () => t.summarize(day)],
    ["overview: KPIs (calls, actors, p95), 30 d", () => t.summarize(month)],
    [
      "actor page: KPIs and 4 top lists, 30 d",
      () => {
        const actor = { ...month, actor: ["user-3"] };
        return Promise.all([
          t.summarize(actor),
          ...(["tool", "server", "client", "agent"] as const).map((d) => t.topN(actor, d, 8)),
        ]);
      },
    ],
    ["explorer: first page, 24 h", () => t.listEvents({ ...day, limit: 50 })],
    [
      "explorer: next page (cursor)",
      () =>
        t.listEvents({
          ...day,
          limit: 50,
          ...(page1.nextCursor ? { cursor: page1.nextCursor } : {}),
        }),
    ],
    [
      "explorer: filtered page (denied, one server), 7 d",
      () => t.listEvents({ ...week, outcome: ["denied"], server: ["github"], limit: 50 }),
    ],
    ["explorer: one actor, 30 d", () => t.listEvents({ ...month, actor: ["user-42"], limit: 50 })],
    ["explorer: sorted by duration, 24 h", () => t.listEvents(slowest)],
    [
      "explorer: sorted by duration, next page",
      () =>
        t.listEvents({ ...slowest, ...(sorted1.nextCursor ? { cursor: sorted1.nextCursor } : {}) }),
    ],
    [
      "explorer: sorted by tool, 7 d",
      () => t.listEvents({ ...week, sort: "tool", order: "asc", limit: 50 }),
    ],
    ["event by id", () => t.getEvent(`evt-${(k++ * 7919) % o.total}`)],
    // Not a dashboard read: the one query on the ingest path, before each group is sealed. Its
    // cost grows with the ids already stored, so it is timed at each load.
    ["ingest: duplicate check, 200 new ids", () => t.existingEventIds(newIds(200, k++))],
    ["ingest: duplicate check, 1000 new ids", () => t.existingEventIds(newIds(1000, k++))],
  ];
  const out: ReadTiming[] = [];
  for (const [name, read] of reads) {
    await read();
    await read();
    const ms: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const t0 = performance.now();
      await read();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] as number;
    out.push({ name, p50: at(0.5), p95: at(0.95), runs: o.runs });
  }
  return out;
}
