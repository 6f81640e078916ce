import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredEvent } from "../../lib/core/contract";
import { storedRow } from "../../test/fixtures/event-rows";
import { CursorSortMismatchError, encodeCursor, InvalidCursorError } from "./cursor";
import { EVENT_SORTS, type EventSort, type SortOrder } from "./event-sort";
import type { EventQuery, EventRow, Store } from "./types";

const BASE = Date.UTC(2026, 4, 1, 8, 0, 0);

type Spec = {
  id: string;
  /** Offset from BASE in ms: equal offsets make time ties. */
  at: number;
  duration: number | null;
  actor: string;
  tool: string | null;
  server: string;
  outcome: string;
  verdict: string | null;
  classification: string | null;
  redactions: number;
};

const ACTORS = ["alice", "Bob", "bob", "Émile", "zoë", "_svc"];
const TOOLS = [null, "read", "Read", "read", "ääh", "zebra", "Zebra", null];
const SERVERS = ["github", "files", "GitHub", "jira"];
const OUTCOMES = ["ok", "denied", "error", "ok", "rate_limited"];
const VERDICTS = [null, "allow", "deny", "allow", "approve"];
const CLASSES = [null, null, "internal", "PII", "confidential", "internal"];
// Ids whose byte order differs from a locale's order (case, accents, punctuation).
const IDS = ["a", "B", "b", "é", "Z", "_", "a-1", "A-1"];

/** 64 events with ties on every key, on time, and on both; NULLs; fractional durations. */
function specs(): Spec[] {
  return Array.from({ length: 64 }, (_, i) => ({
    id: `${IDS[i % IDS.length]}-${String(Math.floor(i / IDS.length)).padStart(2, "0")}`,
    // Groups of four events share a millisecond, and some of them a key too.
    at: Math.floor(i / 4) * 60_000,
    duration: i % 6 === 5 ? null : ([12.5, 0.1 + 0.2, 7, 12.5, 1234.567891][i % 5] ?? 1),
    actor: ACTORS[i % ACTORS.length] as string,
    tool: TOOLS[i % TOOLS.length] ?? null,
    server: SERVERS[i % SERVERS.length] as string,
    outcome: OUTCOMES[i % OUTCOMES.length] as string,
    verdict: VERDICTS[i % VERDICTS.length] ?? null,
    classification: CLASSES[i % CLASSES.length] ?? null,
    redactions: [0, 2, 0, 1, 5][i % 5] as number,
  }));
}

function toRow(tenantId: string, s: Spec, leaf: number): EventRow {
  const time = new Date(BASE + s.at).toISOString();
  const doc = {
    id: s.id,
    time,
    tenant_id: tenantId,
    received_at: time,
    ingest_key_id: "k",
    server: { name: s.server },
    method: s.tool ? "tools/call" : "resources/read",
    ...(s.tool ? { tool: s.tool } : {}),
    actor: { id: s.actor },
    outcome: s.outcome,
    ...(s.duration === null ? {} : { duration_ms: s.duration }),
    ...(s.verdict === null ? {} : { decision: { verdict: s.verdict } }),
    ...(s.classification === null ? {} : { data_classification: s.classification }),
    ...(s.redactions === 0
      ? {}
      : { redactions: [{ field: "arguments", type: "secret", count: s.redactions }] }),
  } as StoredEvent;
  return storedRow(doc, { leafIndex: leaf });
}

const KEY: Record<Exclude<EventSort, "time">, (s: Spec) => string | number | null> = {
  duration_ms: (s) => s.duration,
  actor: (s) => s.actor,
  tool: (s) => s.tool,
  server: (s) => s.server,
  outcome: (s) => s.outcome,
  verdict: (s) => s.verdict,
  classification: (s) => s.classification,
  redactions: (s) => s.redactions,
};

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function compareValues(a: string | number, b: string | number): number {
  return typeof a === "number" && typeof b === "number" ? a - b : bytes(String(a), String(b));
}

/** The order of db/store/event-sort.ts, written independently of every backend. */
export function expectedOrder(all: Spec[], sort: EventSort, order: SortOrder): string[] {
  const sign = order === "asc" ? 1 : -1;
  return [...all]
    .sort((x, y) => {
      if (sort === "time") return sign * (x.at - y.at || bytes(x.id, y.id));
      const a = KEY[sort](x);
      const b = KEY[sort](y);
      if (a !== b) {
        if (a === null) return 1;
        if (b === null) return -1;
        const c = compareValues(a, b);
        if (c !== 0) return sign * c;
      }
      return y.at - x.at || bytes(y.id, x.id);
    })
    .map((s) => s.id);
}

/**
 * Sorting and keyset paging on every backend: each sort and direction walked page by page
 * gives exactly the reference order (so the same order everywhere), with no repeat and no gap.
 */
export function eventSortSuite(openStore: () => Promise<Store>) {
  let store: Store;
  const acme = specs();

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    await store.rawInsertEvents(acme.map((s, i) => toRow("acme", s, i)));
    // Another tenant with the same ids and values that would sort first: never on acme's pages.
    await store.rawInsertEvents(
      acme
        .slice(0, 10)
        .map((s, i) =>
          toRow("globex", { ...s, duration: 0, actor: "!", tool: "!", redactions: 99 }, i),
        ),
    );
  });
  afterAll(async () => store?.close());

  async function walk(q: Omit<EventQuery, "cursor">): Promise<string[]> {
    const t = store.forTenant("acme");
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await t.listEvents({ ...q, ...(cursor ? { cursor } : {}) });
      expect(page.events.length).toBeLessThanOrEqual(q.limit);
      seen.push(...page.events.map((e) => e.id));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error("paging did not end");
  }

  describe("every sort, both directions, page by page", () => {
    for (const sort of EVENT_SORTS)
      for (const order of ["asc", "desc"] as const)
        it(`${sort} ${order}`, async () => {
          const want = expectedOrder(acme, sort, order);
          for (const limit of [5, 64]) {
            const got = await walk({ sort, order, limit });
            expect(new Set(got).size).toBe(got.length);
            expect(got).toEqual(want);
          }
        });
  });

  it("pages a sort inside a time range and a filter", async () => {
    const from = new Date(BASE + 3 * 60_000);
    const to = new Date(BASE + 17 * 60_000);
    const inRange = acme.filter(
      (s) => BASE + s.at >= from.getTime() && BASE + s.at < to.getTime() && s.server !== "jira",
    );
    for (const sort of ["duration_ms", "tool", "time"] as const) {
      const got = await walk({
        sort,
        order: "desc",
        limit: 4,
        from,
        to,
        server: ["github", "files", "GitHub"],
      });
      expect(got).toEqual(expectedOrder(inRange, sort, "desc"));
    }
  });

  it("refuses a cursor made for another sort or direction, and a forged one", async () => {
    const t = store.forTenant("acme");
    const first = await t.listEvents({ sort: "duration_ms", order: "asc", limit: 5 });
    const cursor = first.nextCursor ?? "";
    expect(cursor).not.toBe("");
    await expect(t.listEvents({ sort: "tool", order: "asc", limit: 5, cursor })).rejects.toThrow(
      CursorSortMismatchError,
    );
    await expect(t.listEvents({ order: "desc", limit: 5, cursor })).rejects.toThrow(
      /sorted by duration_ms asc, not by time desc/,
    );
    await expect(
      t.listEvents({ sort: "duration_ms", order: "desc", limit: 5, cursor }),
    ).rejects.toThrow(CursorSortMismatchError);
    const forged = encodeCursor({
      sort: "redactions",
      order: "asc",
      value: "text where a number belongs",
      time: new Date(BASE).toISOString(),
      id: "a-00",
    });
    await expect(
      t.listEvents({ sort: "redactions", order: "asc", limit: 5, cursor: forged }),
    ).rejects.toThrow(InvalidCursorError);
  });

  it("still reads a time cursor from before sorting (time and id only)", async () => {
    const want = expectedOrder(acme, "time", "desc");
    const last = acme.find((s) => s.id === want[9]);
    if (!last) throw new Error("missing");
    const legacy = Buffer.from(
      JSON.stringify([new Date(BASE + last.at).toISOString(), last.id]),
    ).toString("base64url");
    const page = await store.forTenant("acme").listEvents({ limit: 5, cursor: legacy });
    expect(page.events.map((e) => e.id)).toEqual(want.slice(10, 15));
  });
}
