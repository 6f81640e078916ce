import { afterAll, beforeAll, expect, it } from "vitest";
import type { StoredEvent } from "../../lib/core/contract";
import { storedRow } from "../../test/fixtures/event-rows";
import {
  select,
  TRUTH_DAY,
  truthRows,
  truthSeries,
  truthSummary,
  truthTop,
} from "./dashboard-truth";
import { durationBucket, p95Rank } from "./duration-buckets";
import { DAY_MS, HOUR_MS } from "./tiers";
import {
  DIMENSIONS,
  type Dimension,
  type EventFilter,
  type EventRow,
  type RetentionRecord,
  type Store,
} from "./types";

const D = TRUTH_DAY;
const at = (ms: number) => new Date(D + ms);
const MIN = 60_000;

/** Ranges with millisecond edges, on day and hour boundaries, inside one hour, open, empty. */
const RANGES: Record<string, Pick<EventFilter, "from" | "to">> = {
  "millisecond edges": {
    from: at(3 * HOUR_MS + 17 * MIN + 5123),
    to: at(2 * DAY_MS + 8 * HOUR_MS - 1),
  },
  "whole days": { from: at(0), to: at(2 * DAY_MS) },
  "whole hours": { from: at(5 * HOUR_MS), to: at(DAY_MS + 3 * HOUR_MS) },
  "hour boundaries with events on them": { from: at(3 * HOUR_MS), to: at(29 * HOUR_MS) },
  "inside one hour": { from: at(28 * HOUR_MS + 10 * MIN), to: at(28 * HOUR_MS + 50 * MIN) },
  "across an hour, none whole": {
    from: at(28 * HOUR_MS + 30 * MIN),
    to: at(29 * HOUR_MS + 30 * MIN),
  },
  "open start": { to: at(2 * DAY_MS + 1) },
  "open end": { from: at(DAY_MS - 1) },
  everything: {},
  empty: { from: at(DAY_MS), to: at(DAY_MS) },
  "all days and both edges": { from: at(-6 * HOUR_MS + 1), to: at(4 * DAY_MS - 7) },
};

/** Filters every rollup family answers, some only one answers, and some none does. */
const FILTERS: Record<string, EventFilter> = {
  none: {},
  outcomes: { outcome: ["denied", "error"] },
  tool: { tool: ["xc"] },
  actors: { actor: ["u3", "u7"] },
  // ClickHouse reads these from its actor-ordered copy, the next two from events.
  "actor, servers and client": { actor: ["u3", "u7", "u8"], server: ["sa", "sc"], client: ["ca"] },
  "actor and classification": { actor: ["u3", "u7"], classification: ["public"] },
  "actor and session (raw only)": { actor: ["u5", "u9"], session: "s2" },
  "server (no actor rollup has it)": { server: ["sb"] },
  "client and agent": { client: ["ca"], agent: ["gb"] },
  policy: { policy: ["pa"] },
  "free text (raw only)": { text: "xc" },
  "session (raw only)": { session: "s3" },
};

const SERIES: [number, Dimension | undefined][] = [
  [3600, "outcome"],
  [1800, undefined],
  [3 * 3600, "policy"],
  [86_400, "tool"],
  [2 * 86_400, "actor"],
];

/**
 * Every tiered read of one range and filter, against the answer computed from the rows. The reads
 * start together, as a page starts them, so those that need raw rows share one scan (SQL stores).
 */
async function expectTruth(store: Store, rows: EventRow[], f: EventFilter, label: string) {
  const t = store.forTenant("tiers");
  const [summary, series, tops, top3] = await Promise.all([
    t.summarize(f),
    Promise.all(SERIES.map(([seconds, by]) => t.countOverTime(f, seconds, by))),
    Promise.all(DIMENSIONS.map((d) => t.topN(f, d, 100))),
    t.topN(f, "actor", 3),
  ]);
  expect(summary, `summary, ${label}`).toEqual(truthSummary(rows, f));
  for (const [i, [seconds, by]] of SERIES.entries())
    expect(series[i], `series ${seconds}s by ${by}, ${label}`).toEqual(
      truthSeries(rows, f, seconds, by),
    );
  for (const [i, d] of DIMENSIONS.entries())
    expect(tops[i], `top ${d}, ${label}`).toEqual(truthTop(rows, f, d, 100));
  expect(top3, `top 3 actors, ${label}`).toEqual(truthTop(rows, f, "actor", 3));
  // One read alone (no batch) answers the same.
  expect(await t.topN(f, "tool", 100), `top tool alone, ${label}`).toEqual(
    truthTop(rows, f, "tool", 100),
  );
}

const base = Date.UTC(2026, 2, 1, 10, 0, 0);

function row(tenantId: string, i: number, over: Partial<StoredEvent> = {}): EventRow {
  const outcome = (["ok", "ok", "error", "denied", "rate_limited"] as const)[i % 5] ?? "ok";
  const doc = {
    id: `d-${String(i).padStart(3, "0")}`,
    time: new Date(base + i * 60_000).toISOString(),
    server: { name: "github" },
    method: "tools/call",
    tool: i % 2 === 0 ? "create_issue" : "read_file",
    actor: { id: `user-${i % 3}` },
    outcome,
    arguments: { path: i === 7 ? "/etc/Needle-In-Args" : "/tmp/x" },
    ...(i === 9 ? { error: { message: "quota NEEDLEMSG exceeded" } } : {}),
    ...(i < 20 ? { duration_ms: (i + 1) * 10 } : {}),
    ...(i % 4 === 0 ? { redactions: [{ field: "arguments.path", type: "secret", count: 2 }] } : {}),
    tenant_id: tenantId,
    received_at: new Date(base).toISOString(),
    ingest_key_id: "k",
    ...over,
  } as StoredEvent;
  return storedRow(doc, { leafIndex: i });
}

/** The dashboard's own reads (KPIs, free-text search, members), the same on every backend. */
export function dashboardReadSuite(openStore: () => Promise<Store>) {
  let store: Store;

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    await store.rawInsertEvents(Array.from({ length: 25 }, (_, i) => row("acme", i)));
    await store.rawInsertEvents([row("globex", 0, { tool: "needle-in-args" })]);
    await store.admin.createTenant({ id: "tiers", name: "tiers" });
    // Several statements, as ingestion writes them: rollups add up across inserts.
    const data = truthRows("tiers");
    for (let i = 0; i < data.length; i += 97) await store.rawInsertEvents(data.slice(i, i + 97));
  });
  afterAll(async () => store?.close());

  it("summarizes calls, actors, outcomes, redactions and p95 duration in one read", async () => {
    const s = await store.forTenant("acme").summarize({});
    expect(s.events).toBe(25);
    expect(s.actors).toBe(3);
    expect(s.outcomes).toEqual({ ok: 10, error: 5, denied: 5, rate_limited: 5 });
    expect(s.redactions).toBe(7 * 2);
    // 20 durations 10..200: the 19th (nearest rank) is 190, in bucket [184, 192), reported as
    // its midpoint on every backend (db/store/duration-buckets.ts).
    expect(s.p95DurationMs).toBe(188);
    const none = await store.forTenant("acme").summarize({ tool: ["nothing"] });
    expect(none).toEqual({
      events: 0,
      actors: 0,
      outcomes: {},
      redactions: 0,
      p95DurationMs: null,
    });
  });

  it("answers KPIs, series and top-N from days, hours and raw edges exactly as the raw rows do", async () => {
    const rows = truthRows("tiers");
    for (const [rl, range] of Object.entries(RANGES))
      for (const [fl, filter] of Object.entries(FILTERS))
        await expectTruth(store, rows, { ...filter, ...range }, `${rl}, filter ${fl}`);
  }, 240_000);

  it("reports the same p95 whether rollups or raw rows answer, at a rank where engines differ", async () => {
    // A range holding a multiple of 20 durations whose p95 rank and the next value fall in
    // different buckets: an engine taking element floor(0.95 n) instead of ceil(0.95 n) would
    // report another number. Unfiltered, the SQL stores read histograms; by session, raw rows.
    const rows = truthRows("tiers");
    const from = D + 2 * HOUR_MS + 1;
    const timed = rows.filter((r) => r.durationMs !== null && Date.parse(r.time) >= from);
    let found: EventFilter | null = null;
    for (let n = 20; n < timed.length && !found; n += 20) {
      const f = { from: new Date(from), to: new Date(Date.parse(timed[n]?.time as string)) };
      const ds = select(rows, f)
        .map((r) => r.durationMs)
        .filter((d): d is number => d !== null)
        .sort((a, b) => a - b);
      const rank = p95Rank(ds.length);
      if (durationBucket(ds[rank - 1] as number) !== durationBucket(ds[rank] as number)) found = f;
    }
    expect(found).not.toBeNull();
    const f = found as EventFilter;
    const t = store.forTenant("tiers");
    expect((await t.summarize(f)).p95DurationMs).toBe(truthSummary(rows, f).p95DurationMs);
    const s3 = { ...f, session: "s3" };
    expect((await t.summarize(s3)).p95DurationMs).toBe(truthSummary(rows, s3).p95DurationMs);
  });

  it("keeps the rollups exact after retention removes the oldest batches", async () => {
    const rows = truthRows("tiers");
    const gone = rows.filter((r) => r.batchSeq <= 3);
    const times = gone.map((r) => r.time).sort();
    const record: RetentionRecord = {
      tenantId: "tiers",
      writerId: "w-tiers",
      throughSeq: 3,
      statement: {
        v: 1,
        tenant_id: "tiers",
        writer_id: "w-tiers",
        from_seq: 1,
        through_seq: 3,
        through_hash: "00",
        removed_events: gone.length,
        first_time: times[0] as string,
        last_time: times.at(-1) as string,
        cutoff: at(2 * DAY_MS).toISOString(),
        retention_days: 1,
        holds: [],
        run_at: at(4 * DAY_MS).toISOString(),
      },
      statementHash: "00",
      signature: "00",
      keyId: "k",
    };
    await store.forTenant("tiers").retention.apply(record);
    const left = rows.filter((r) => r.batchSeq > 3);
    expect(await store.forTenant("tiers").countEvents({})).toBe(left.length);
    for (const rl of ["millisecond edges", "whole days", "open start", "all days and both edges"])
      for (const fl of [
        "none",
        "actors",
        "actor, servers and client",
        "outcomes",
        "server (no actor rollup has it)",
      ])
        await expectTruth(
          store,
          left,
          { ...FILTERS[fl], ...RANGES[rl] },
          `after retention, ${rl}, ${fl}`,
        );
  }, 120_000);

  it("searches tool, actor, error message and argument values case-insensitively", async () => {
    const t = store.forTenant("acme");
    const ids = async (text: string) =>
      (await t.listEvents({ text, limit: 100 })).events.map((e) => e.id).sort();
    expect(await ids("needle-in-args")).toEqual(["d-007"]);
    expect(await ids("needlemsg")).toEqual(["d-009"]);
    expect((await ids("CREATE_issue")).length).toBe(13);
    expect(await ids("user-2")).toHaveLength(8);
    // LIKE wildcards are data, not patterns.
    expect(await ids("%")).toEqual([]);
    expect(await t.countEvents({ text: "_" })).toBe(25);
  });

  it("never finds another tenant's events by text", async () => {
    const g = await store.forTenant("globex").listEvents({ text: "needlemsg", limit: 10 });
    expect(g.events).toEqual([]);
  });

  it("keeps users, memberships and credentials", async () => {
    const u = await store.admin.createUser({ email: "Ann@Example.com", passwordHash: "h1" });
    await store.admin.addMembership({ userId: u.id, tenantId: "acme", role: "owner" });
    const until = new Date(Date.UTC(2030, 0, 1));
    await store.admin.addMembership({
      userId: u.id,
      tenantId: "globex",
      role: "auditor",
      expiresAt: until,
    });
    const creds = await store.admin.findUserCredentials("ann@example.com");
    expect(creds).toMatchObject({ id: u.id, passwordHash: "h1", hasPassword: true });
    await store.admin.setUserPassword(u.id, "h2");
    expect((await store.admin.findUserCredentials("ANN@example.com"))?.passwordHash).toBe("h2");
    expect(await store.admin.getUser(u.id)).toMatchObject({ email: "ann@example.com" });
    expect(await store.admin.getUser("not-a-uuid")).toBeNull();
    const ms = await store.admin.membershipsOf(u.id);
    expect(ms.map((m) => [m.tenantId, m.role, m.expiresAt?.getTime() ?? null])).toEqual([
      ["acme", "owner", null],
      ["globex", "auditor", until.getTime()],
    ]);
    expect((await store.admin.listMembers("acme")).map((m) => m.email)).toEqual([
      "ann@example.com",
    ]);
    expect(await store.admin.removeMembership("globex", u.id)).toBe(true);
    expect(await store.admin.removeMembership("globex", u.id)).toBe(false);
    expect(await store.admin.listMembers("globex")).toEqual([]);
  });
}
