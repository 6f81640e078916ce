import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { eventRow } from "../../test/fixtures/event-rows";
import type { StoredEvent } from "../core/contract";
import { csvCell, csvRow, type ExportEnd, exportStream, ndjsonLine } from "./export";

describe("export encoding", () => {
  it("neutralises spreadsheet formulas in every form", () => {
    for (const s of [
      "=1+1",
      "+1",
      "-2",
      "@SUM(A1)",
      "\t=x",
      "\r=x",
      "＝HYPERLINK()",
      '=HYPERLINK("http://evil","x")',
    ])
      expect(csvCell(s).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell("safe")).toBe("safe");
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell({ a: "=1" })).toBe('"{""a"":""=1""}"');
    expect(csvCell(-5)).toBe("'-5");
  });

  it("writes one CRLF-terminated row per event", () => {
    const e = {
      id: "=cmd|' /C calc'!A0",
      time: "2026-01-01T00:00:00.000Z",
      server: { name: "s" },
      method: "tools/call",
      tool: "@t",
      actor: { id: "a" },
      outcome: "ok",
      tenant_id: "acme",
      received_at: "2026-01-01T00:00:00.000Z",
      ingest_key_id: "k",
    } as StoredEvent;
    const row = csvRow(e);
    expect(row.endsWith("\r\n")).toBe(true);
    expect(row).toContain(",'=cmd|' /C calc'!A0,s,");
    expect(row).toContain(",'@t,");
  });

  it("escapes bidi, line separators and C1 controls in NDJSON without changing the data", () => {
    const e = { id: "x\u202Eevil\u2028\u009b31m\u200b" } as unknown as StoredEvent;
    const line = ndjsonLine(e);
    expect(line).not.toMatch(/[\u202e\u2028\u009b\u200b]/);
    expect(JSON.parse(line)).toEqual(e);
  });
});

describe("export stream's end, as its audit records it", () => {
  const TOTAL = 35;
  let store: Store;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.rawInsertEvents(
      Array.from({ length: TOTAL }, (_, i) =>
        eventRow({
          tenantId: "acme",
          id: `evt-${String(i).padStart(2, "0")}`,
          time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
          leafIndex: i,
        }),
      ),
    );
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await store?.close();
  });

  function open(onEnd: (e: ExportEnd) => Promise<void>) {
    return exportStream(
      store.forTenant("acme"),
      {},
      "ndjson",
      { sort: "time", dir: "asc" },
      { pageSize: 10, onEnd },
    ).getReader();
  }

  it("is completed, with every row, only once the reader asked beyond the last row", async () => {
    const ends: ExportEnd[] = [];
    const reader = open(async (e) => {
      ends.push(e);
    });
    let lines = 0;
    for (let i = 0; i < 4; i++) {
      const { value } = await reader.read();
      lines += new TextDecoder().decode(value).trim().split("\n").length;
    }
    expect(lines).toBe(TOTAL);
    // Every row was handed over, but the reader has not asked for the end yet.
    expect(ends).toEqual([]);
    expect((await reader.read()).done).toBe(true);
    expect(ends).toEqual([{ status: "completed", rows: TOTAL }]);
  });

  it("is aborted, never completed, when the reader goes away mid-way", async () => {
    const ends: ExportEnd[] = [];
    const reader = open(async (e) => {
      ends.push(e);
    });
    await reader.read();
    await reader.read();
    await reader.cancel(new Error("connection closed"));
    expect(ends).toEqual([
      {
        status: "aborted",
        rows: 20,
        reason: "the download was cancelled before its end (the connection closed)",
      },
    ]);
  });

  // Last: it closes the store.
  it("is failed, never completed, when the store fails mid-way", async () => {
    const ends: ExportEnd[] = [];
    const reader = open(async (e) => {
      ends.push(e);
    });
    await reader.read();
    await store.close();
    closed = true;
    await expect(reader.read()).rejects.toThrow();
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ status: "failed", rows: 10 });
    expect(ends[0]?.status === "failed" && ends[0].reason).toMatch(/^the store failed: /);
  });
});
