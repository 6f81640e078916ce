import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../contract";
import { csvCell, csvRow, ndjsonLine } from "./export";

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
