import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StoredEvent } from "../../lib/core/contract";
import { parseQuery } from "../../lib/queries/query-language";
import { storedRow } from "../../test/fixtures/event-rows";
import { FACET_DIMENSIONS, type Facet, liftDimensionTerms } from "./event-facets";
import { matchesFilter, valueCounts } from "./event-facets-model";
import { OWN_INGEST_KEY, OWN_SERVER_NAME } from "./own-activity";
import type { QueryNode } from "./query-node";
import type { EventFilter, Store } from "./types";

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A UTC midnight: the events span three days, so ranges read days, hours and raw edges. */
const BASE = Date.UTC(2026, 4, 1);
const EVENTS = 240;

// Skewed, with values that break naive SQL and a value shared with the other tenant.
const TOOLS = [
  "read_file",
  "read_file",
  "50%_off",
  "O'Brien\\tool",
  "write_file",
  null,
  "read_file",
];
const ACTORS = ["alice", "alice", "bob", "O'Brien", "zoë😀", 'a"b', "alice", "carol"];

function event(tenant: string, i: number): StoredEvent {
  // Spread over ~2.5 days, minutes apart and off the hour, every time distinct.
  const time = new Date(BASE + i * 877_000 + 13_000).toISOString();
  const own = i % 11 === 5;
  const tool = own ? "events.list" : pick(TOOLS, i);
  const doc = {
    id: `${tenant}-${String(i).padStart(3, "0")}`,
    time,
    server: { name: own ? OWN_SERVER_NAME : pick(["files", "git hub", "jira"], i) },
    method: tool ? "tools/call" : "resources/read",
    ...(tool ? { tool } : {}),
    actor: { id: tenant === "acme" ? pick(ACTORS, i) : `globex-${i % 3}` },
    ...(i % 4 === 0 ? {} : { client: { name: pick(["claude", "cursor", "claude"], i) } }),
    ...(i % 5 === 1 ? { agent: { id: "agent-1" } } : {}),
    ...(i % 2 === 0 ? { session_id: pick(["s1", "s2"], i >> 1) } : {}),
    arguments: { path: pick(["/etc/passwd", "/tmp/x", "C:\\temp"], i) },
    outcome: pick(["ok", "error", "denied", "ok", "ok"], i),
    ...(i % 3 === 2 ? { decision: { verdict: pick(["deny", "allow"], i), policy_id: "p_1" } } : {}),
    ...(i % 5 === 0 ? { data_classification: "internal" } : {}),
    tenant_id: tenant,
    received_at: time,
    ingest_key_id: own ? OWN_INGEST_KEY : "k1",
  };
  return doc as StoredEvent;
}

const LIMIT = 3;

/**
 * The explorer's facets and totals on every backend: each store answers with what the reference
 * model (event-facets-model.ts) counts over the documents, from rollups and from raw events alike,
 * for every filter the explorer applies, and never counts another tenant's events.
 */
export function eventFacetsSuite(openStore: () => Promise<Store>) {
  let store: Store;
  const docs = Array.from({ length: EVENTS }, (_, i) => event("acme", i));

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    await store.rawInsertEvents(docs.map((d, i) => storedRow(d, { leafIndex: i })));
    await store.rawInsertEvents(
      docs.map((_, i) => storedRow(event("globex", i), { leafIndex: i, writerId: "g" })),
    );
  });
  afterAll(async () => store?.close());

  /** The model's facet of a dimension, compared so that ties at the cut may order either way. */
  function expectFacet(got: Facet, matching: StoredEvent[], limit: number) {
    const { all, missing } = valueCounts(matching, got.dimension);
    const want = all.slice(0, limit);
    expect(
      got.top.map((e) => e.count),
      got.dimension,
    ).toEqual(want.map((e) => e.count));
    for (const e of got.top)
      expect(all.find((w) => w.key === e.key)?.count, `${got.dimension} ${e.key}`).toBe(e.count);
    const shown = want.reduce((n, e) => n + e.count, 0);
    expect(got.other, `${got.dimension} other`).toBe(matching.length - missing - shown);
    expect(got.missing, `${got.dimension} missing`).toBe(missing);
  }

  async function check(
    f: EventFilter,
    opts: { limit?: number; sample?: number; cap?: number } = {},
  ) {
    const limit = opts.limit ?? LIMIT;
    const sample = opts.sample ?? 10_000;
    const cap = opts.cap ?? 100_000;
    const matching = docs.filter((d) => matchesFilter(d, f));
    const t = store.forTenant("acme");
    const got = await t.facets(f, { dimensions: FACET_DIMENSIONS, limit, sample, cap });
    const total = await t.countUpTo(f, cap);
    // Exact, or (raw events only) stopped at the cap.
    if (total.exact) expect(total.count).toBe(matching.length);
    else expect([total.count, matching.length >= cap]).toEqual([cap, true]);
    expect(got.total).toEqual(total);
    if (matching.length < sample)
      for (const facet of got.facets) {
        expect(facet.sample).toBeNull();
        expectFacet(facet, matching, limit);
      }
    else {
      // Past the sample a raw read counts the newest `sample` events and says so.
      const newest = [...matching].sort((a, b) => b.time.localeCompare(a.time)).slice(0, sample);
      for (const facet of got.facets) {
        expect([null, sample]).toContain(facet.sample);
        expectFacet(facet, facet.sample === null ? matching : newest, limit);
      }
    }
    expect(got.facets.map((x) => x.dimension)).toEqual([...FACET_DIMENSIONS]);
    return got;
  }

  const days = { from: new Date(BASE), to: new Date(BASE + 3 * DAY) };
  // Whole days in the middle, whole hours and minutes at both ends.
  const ragged = {
    from: new Date(BASE + 5 * HOUR + 7 * 60_000),
    to: new Date(BASE + 2 * DAY + 9 * HOUR + 1),
  };
  const parse = (q: string): QueryNode => {
    const node = parseQuery(q, { allowPayload: true });
    if (!node) throw new Error(`empty query ${q}`);
    return node;
  };

  it("counts each dimension's top values, other and missing over rollups and raw edges", async () => {
    for (const range of [
      days,
      ragged,
      { from: new Date(BASE + 30 * 60_000), to: new Date(BASE + 50 * 60_000) },
    ])
      for (const activity of ["mcp", "dashboard", undefined] as const)
        await check({ ...range, ...(activity ? { activity } : {}) });
    const all = await check(days, { limit: 20 });
    expect(all.total.count).toBe(EVENTS);
    expect(all.facets.every((f) => f.other === 0)).toBe(true);
  });

  it("applies every filter the explorer applies: dimensions, query terms, negations, payload", async () => {
    await check({ ...days, tool: ["read_file", "50%_off"], activity: "mcp" });
    await check({ ...ragged, actor: ["O'Brien"], outcome: ["ok"] });
    await check({ ...days, session: "s1", activity: "mcp" });
    for (const q of [
      "tool:read_file",
      'tool:read_file OR tool:"50%_off"',
      "-tool:read_file",
      "verdict:deny outcome:denied",
      'actor:"O\'Brien" -client:claude',
      'args.path:"/etc/passwd"',
      "client:cla*",
      'tool:"O\'Brien\\\\tool" tool:write_file',
    ])
      await check({ ...ragged, query: parse(q), activity: "mcp" });
    // A lifted term meets the filter's own list: their intersection, or nothing.
    await check({ ...days, tool: ["read_file", "write_file"], query: parse("tool:read_file") });
    await check({ ...days, tool: ["write_file"], query: parse("tool:read_file") });
  });

  it("lifts plain dimension terms out of the query without changing its meaning", () => {
    const f = liftDimensionTerms({
      ...days,
      tool: ["a", "b"],
      query: parse("tool:b actor:x -server:y"),
    });
    expect(f).toEqual({ ...days, tool: ["b"], actor: ["x"], query: parse("-server:y") });
    expect(liftDimensionTerms({ query: parse('tool:""*') }).query).toBeDefined();
  });

  it("counts the newest raw events past the sample and stops the total at the cap, saying so", async () => {
    const f: EventFilter = { ...ragged, query: parse("-tool:read_file") };
    const capped = await check(f, { sample: 7, cap: 9 });
    expect(capped.total).toEqual({ count: 9, exact: false });
    expect(capped.facets.every((x) => x.sample === 7)).toBe(true);
    const sampled = await check(f, { sample: 7 });
    expect(sampled.total.exact).toBe(true);
    expect(sampled.facets.every((x) => x.sample === 7)).toBe(true);
    // Rollups answer exactly whatever the sample and cap; the actor facet of one tool needs raw
    // events (no rollup has both).
    const rolled = await check(days, { sample: 7, cap: 7 });
    expect(rolled.total).toEqual({ count: EVENTS, exact: true });
    expect(rolled.facets.every((x) => x.sample === null)).toBe(true);
    const oneTool = await check({ ...days, tool: ["read_file"] }, { sample: 7, cap: 7 });
    expect(oneTool.total.exact).toBe(true);
    expect(oneTool.facets.find((x) => x.dimension === "actor")?.sample).toBe(7);
    expect(oneTool.facets.find((x) => x.dimension === "server")?.sample).toBeNull();
  });

  it("agrees with the model on generated filters", async () => {
    const terms = [
      "tool:read_file",
      "-tool:read_file",
      "outcome:ok",
      "-verdict:deny",
      "actor:alice OR actor:bob",
      "client:claude",
      "-client:*",
      "agent:agent-1",
    ];
    const filter = fc.record({
      range: fc.constantFrom(days, ragged),
      terms: fc.subarray(terms, { maxLength: 3 }),
      tool: fc.subarray(["read_file", "50%_off", "write_file"], { maxLength: 2 }),
      activity: fc.constantFrom("mcp", "all", "dashboard"),
    });
    await fc.assert(
      fc.asyncProperty(filter, async (x) => {
        const f: EventFilter = { ...x.range };
        if (x.terms.length) f.query = parse(x.terms.map((q) => `(${q})`).join(" "));
        if (x.tool.length) f.tool = x.tool;
        if (x.activity !== "all") f.activity = x.activity;
        await check(f);
      }),
      { numRuns: 25 },
    );
  });
}
