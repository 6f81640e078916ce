import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StoredEvent } from "../../lib/core/contract";
import { parseQuery } from "../../lib/queries/query-language";
import { storedRow } from "../../test/fixtures/event-rows";
import { matchesQuery } from "./event-query-model";
import type { QueryNode } from "./query-node";
import type { Store } from "./types";

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const BASE = Date.UTC(2026, 4, 1, 8, 0, 0);

// Values that break naive SQL: quotes, backslashes, LIKE wildcards, newlines, unicode.
const TOOLS = ["read_file", "readXfile", "write_file", "50%_off", "O'Brien\\tool", null];
const ACTORS = ["alice", "bob", "O'Brien", "zoë😀", 'a"b'];
const NAMES = ["Alice Liddell", 'say "hi"', "back\\slash", undefined, "Zoë 😀\u2028"];
const EMAILS = ["alice@example.com", "bob@example.com", undefined];
const IPS = ["10.0.0.1", "::1", undefined, "10.0.0.12"];
const ARGS: unknown[] = [
  { path: "/etc/passwd" },
  { path: "C:\\temp\\x", count: 3, recursive: true },
  { q: "50% off_now", nested: { deep: "value" } },
  // A member named like a top-level one: `labels.env` must not find it.
  { labels: { env: "prod" }, note: 'line1\nline2 "quoted"' },
  undefined,
  { path: "/etc/passwd.bak", count: 30 },
];
const LABELS = [
  { env: "prod", team: "a b" },
  { env: "dev", "app.kubernetes.io/name": "x%" },
  undefined,
  undefined,
];

/** Built in the contract's member order, as ingestion writes documents. */
function event(tenant: string, i: number): StoredEvent {
  const time = new Date(BASE + i * 60_000).toISOString();
  const tool = pick(TOOLS, i);
  const args = pick(ARGS, i);
  const name = pick(NAMES, i);
  const email = pick(EMAILS, i);
  const ip = pick(IPS, i);
  const labels = pick(LABELS, i);
  const doc = {
    id: `e-${String(i).padStart(2, "0")}${i % 7 === 3 ? "'%_\\" : ""}`,
    time,
    server: { name: pick(["files", "git hub", "jira"], i) },
    method: tool ? "tools/call" : "resources/read",
    ...(tool ? { tool } : {}),
    actor: {
      id: pick(ACTORS, i),
      ...(i % 3 === 0 ? { type: "agent" } : { type: "user" }),
      ...(name ? { name } : {}),
      ...(email ? { email } : {}),
      ...(ip ? { ip } : {}),
    },
    ...(i % 4 === 0 ? {} : { client: { name: pick(["claude", "cursor"], i) } }),
    ...(i % 5 === 1 ? { agent: { id: "agent-1" } } : {}),
    ...(i % 2 === 0 ? { session_id: pick(["s1", "s2"], i >> 1) } : {}),
    ...(i % 3 === 1 ? { trace_id: "0af7651916cd43dd" } : {}),
    ...(args === undefined ? {} : { arguments: args }),
    outcome: pick(["ok", "error", "denied", "ok"], i),
    ...(i % 4 === 1 ? { error: { type: "Timeout", message: "took too long" } } : {}),
    ...(i % 5 === 4 ? {} : { duration_ms: pick([5, 1000, 1500.5, 0.25], i) }),
    ...(i % 6 === 2 ? {} : { result_bytes: pick([0, 10, 2048], i) }),
    ...(i % 3 === 2 ? { decision: { verdict: "deny", policy_id: "p_1" } } : {}),
    ...(i % 4 === 3 ? { redactions: [{ field: "arguments.path", type: "path", count: 3 }] } : {}),
    ...(i % 5 === 0 ? { data_classification: "internal" } : {}),
    ...(labels ? { labels } : {}),
    tenant_id: tenant,
    received_at: time,
    ingest_key_id: "k1",
    ...(args === undefined ? {} : { args_hmac: `h${i % 3}` }),
  };
  return doc as StoredEvent;
}

const EVENTS = 30;
const text = [
  "read_",
  "read_file",
  "readXfile",
  "50%_off",
  "50%",
  "O'",
  "O'Brien",
  "zoë😀",
  'a"b',
  "Alice Liddell",
  'say "hi"',
  "back\\slash",
  "alice@example.com",
  "10.0.0.1",
  "10.0.0",
  "::1",
  "claude",
  "s1",
  "prod",
  "a b",
  "x%",
  "/etc/passwd",
  "/etc/",
  "C:\\temp\\x",
  "3",
  "true",
  "value",
  "50% off_now",
  "deny",
  "p_1",
  "Timeout",
  "ok",
  "e-03'%_\\",
  "h1",
  "",
  "Zoë 😀\u2028",
];
const leaf: fc.Arbitrary<string> = fc
  .oneof(
    fc
      .tuple(
        fc.constantFrom(
          "tool",
          "actor",
          "actor.name",
          "actor.email",
          "actor.ip",
          "client",
          "session",
          "id",
          "policy",
          "args_hmac",
          "server",
          "labels.env",
          "labels.team",
          "labels.app.kubernetes.io/name",
          "args.path",
          "args.count",
          "args.recursive",
          "args.nested.deep",
          "args.q",
          "args.note",
        ),
        fc.constantFrom(...text),
        fc.boolean(),
      )
      .map(([f, v, star]) => `${f}:"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"${star ? "*" : ""}`),
    fc
      .tuple(
        fc.constantFrom("duration_ms", "result_bytes", "redactions"),
        fc.constantFrom(":", ":>", ":>=", ":<", ":<="),
        fc.constantFrom(0, 3, 5, 10, 1000, 1500.5, 2048),
      )
      .map(([f, op, n]) => `${f}${op}${n}`),
    fc.constantFrom(
      "duration_ms:1..1500.5",
      "result_bytes:0..10",
      "arguments:PASSWD",
      'arguments:"50% off"',
      'arguments:"\\\\temp"',
      "outcome:error",
      "verdict:deny",
      "classification:internal",
      "actor.type:agent",
      "error.type:Timeout",
      "trace:0af7651916cd43dd",
      "agent:agent-1",
      "method:resources/read",
    ),
  )
  .filter((q) => !q.endsWith('""'));
const query: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { maxDepth: 3, depthIdentifier: "q" },
    leaf,
    tie("q").map((q) => `-(${q})`),
    fc.array(tie("q"), { minLength: 2, maxLength: 3 }).map((qs) => `(${qs.join(" ")})`),
    fc.array(tie("q"), { minLength: 2, maxLength: 3 }).map((qs) => `(${qs.join(" OR ")})`),
  ),
})).q;

/**
 * The query language on every backend: each store answers a query with the events the reference
 * model (event-query-model.ts) selects, in lists and counts, never another tenant's.
 */
export function eventQuerySuite(openStore: () => Promise<Store>) {
  let store: Store;
  const docs = Array.from({ length: EVENTS }, (_, i) => event("acme", i));

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    await store.rawInsertEvents(docs.map((d, i) => storedRow(d, { leafIndex: i })));
    await store.rawInsertEvents(
      docs.map((_, i) => storedRow(event("globex", i), { leafIndex: i })),
    );
  });
  afterAll(async () => store?.close());

  async function check(node: QueryNode | null, expected?: string[]) {
    const want =
      expected ?? docs.filter((d) => node === null || matchesQuery(d, node)).map((d) => d.id);
    const t = store.forTenant("acme");
    const from = new Date(BASE - 3_600_000);
    const to = new Date(BASE + 3 * 3_600_000);
    const filter = { from, to, ...(node ? { query: node } : {}) };
    const page = await t.listEvents({ ...filter, limit: 100 });
    expect(page.events.map((e) => e.id).sort()).toEqual([...want].sort());
    expect(await t.countEvents(filter)).toBe(want.length);
    // The KPIs and the chart read rollups when they can: never for a query.
    expect((await t.summarize(filter)).events).toBe(want.length);
    const series = await t.countOverTime(filter, 3600);
    expect(series.reduce((n, b) => n + b.count, 0)).toBe(want.length);
  }
  const parse = (q: string) => parseQuery(q, { allowPayload: true });
  const ids = (keep: (i: number) => boolean) => docs.filter((_, i) => keep(i)).map((d) => d.id);

  it("answers field terms on columns and documents, with hostile values taken literally", async () => {
    await check(
      parse("tool:read_*"),
      ids((i) => i % 6 === 0),
    );
    await check(
      parse('tool:"50%_off"'),
      ids((i) => i % 6 === 3),
    );
    await check(
      parse("labels.env:prod"),
      ids((i) => i % 4 === 0),
    );
    await check(parse('actor.name:"back\\\\slash" -outcome:ok'));
    await check(parse('args.count:3 OR args.path:"/etc/"* OR arguments:PASSWD'));
  });

  it("keeps events without a value under a negated term", async () => {
    const none = docs.filter((d) => d.duration_ms === undefined || d.duration_ms <= 1000);
    await check(
      parse("-duration_ms:>1000"),
      none.map((d) => d.id),
    );
    await check(
      parse("-actor.email:*"),
      docs.filter((d) => !d.actor.email).map((d) => d.id),
    );
  });

  it("answers free text as EventFilter.text does", async () => {
    await check(
      parse("READ_FILE"),
      ids((i) => i % 6 === 0),
    );
    await check(
      parse('"too long" -tool:readXfile'),
      ids((i) => i % 4 === 1 && i % 6 !== 1),
    );
    const free = await store.forTenant("acme").countEvents({ text: "read_file" });
    expect(free).toBe(5);
  });

  it("agrees with the reference model on generated queries", async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => check(parse(q))),
      { numRuns: 60 },
    );
  });
}
