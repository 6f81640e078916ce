import { afterAll, beforeAll, expect, it } from "vitest";
import type { QuarantineRow, Store } from "./types";

/**
 * The quarantine list's filters, counts and paging both ways, asserted the same way on every
 * backend. 30 rejected events for acme a minute apart, two ingest keys, three kinds of error; one
 * for globex that matches every filter, so isolation is checked by each case.
 */
export function quarantineSuite(openStore: () => Promise<Store>) {
  let store: Store;
  const base = Date.UTC(2026, 2, 1, 10, 0, 0);
  const ERRORS = [
    [{ path: "outcome", message: 'must be one of "ok", "denied", "error"' }],
    [{ path: "time", message: "Expected an RFC 3339 TIME" }],
    [
      { path: "", message: "not JSON: unexpected \u0000 byte" },
      { path: "actor.id", message: "Required" },
    ],
  ];

  const row = (tenantId: string, i: number): QuarantineRow => ({
    tenantId,
    receivedAt: new Date(base + i * 60_000).toISOString(),
    ingestKeyId: i % 2 === 0 ? "key-even" : "key-odd",
    requestId: `req-${Math.floor(i / 10)}`,
    eventIndex: i % 10,
    eventId: i % 3 === 2 ? null : `ev-${i}`,
    errors: ERRORS[i % 3] ?? [],
    raw: `{"i":${i}}`,
    rawBytes: 8,
  });
  const indexes = (rows: { raw: string }[]) =>
    rows.map((r) => (JSON.parse(r.raw) as { i: number }).i);

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    await store.commit({
      batches: [],
      quarantine: [...Array.from({ length: 30 }, (_, i) => row("acme", i)), row("globex", 4)],
    });
  });
  afterAll(async () => store?.close());

  it("filters by received time, ingest key, event id and error text, with a total", async () => {
    const t = store.forTenant("acme");
    const range = { from: new Date(base + 10 * 60_000), to: new Date(base + 20 * 60_000) };
    expect(indexes(await t.listQuarantine({ limit: 50, range }))).toEqual([
      19, 18, 17, 16, 15, 14, 13, 12, 11, 10,
    ]);
    expect(await t.countQuarantine({ range })).toBe(10);
    const odd = { range, ingestKeyId: "key-odd" };
    expect(indexes(await t.listQuarantine({ limit: 50, ...odd }))).toEqual([19, 17, 15, 13, 11]);
    expect(await t.countQuarantine(odd)).toBe(5);
    expect(indexes(await t.listQuarantine({ limit: 50, eventId: "ev-4" }))).toEqual([4]);
    expect(await t.countQuarantine({ eventId: "ev-2" })).toBe(0);
    expect(await t.countQuarantine({})).toBe(30);
  });

  it("matches error text in a path or a message, ASCII case folded, quotes as typed", async () => {
    const t = store.forTenant("acme");
    const count = (errorText: string) => t.countQuarantine({ errorText });
    expect(await count("rfc 3339 time")).toBe(10);
    expect(await count('"denied"')).toBe(10);
    expect(await count("actor.ID")).toBe(10);
    expect(await count("OUTCOME")).toBe(10);
    // Key names and the JSON around the values are not text of the error.
    expect(await count("message")).toBe(0);
    expect(await count('":"')).toBe(0);
    expect(await count("nothing like this")).toBe(0);
    const page = await t.listQuarantine({
      limit: 3,
      errorText: "required",
      ingestKeyId: "key-even",
    });
    expect(indexes(page)).toEqual([26, 20, 14]);
  });

  it("pages older and newer by seq without gaps or repeats, filters held", async () => {
    const t = store.forTenant("acme");
    const f = { ingestKeyId: "key-even" };
    const down: number[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = await t.listQuarantine({
        limit: 4,
        ...f,
        ...(before ? { beforeSeq: before } : {}),
      });
      if (page.length === 0) break;
      down.push(indexes(page));
      before = page.at(-1)?.seq;
    }
    expect(down.flat()).toEqual([28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0]);
    const up: number[][] = [];
    let after = (await t.listQuarantine({ limit: 50, ...f })).at(-1)?.seq ?? 0;
    for (;;) {
      const page = await t.listQuarantine({ limit: 4, ...f, afterSeq: after });
      if (page.length === 0) break;
      up.push(indexes(page));
      after = page[0]?.seq ?? after;
    }
    expect(up).toEqual([
      [8, 6, 4, 2],
      [16, 14, 12, 10],
      [24, 22, 20, 18],
      [28, 26],
    ]);
  });

  it("never lists or counts another tenant's rows", async () => {
    const g = store.forTenant("globex");
    expect(indexes(await g.listQuarantine({ limit: 50, ingestKeyId: "key-even" }))).toEqual([4]);
    expect(await g.countQuarantine({ errorText: "RFC" })).toBe(1);
    expect(await store.forTenant("nobody").countQuarantine({})).toBe(0);
  });
}
