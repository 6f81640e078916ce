import { describe, expect, it } from "vitest";
import { chsql, ident, joinSql, quoteString, render } from "./binder";
import { featuresOf, parseVersion } from "./version";

describe("ClickHouse binder (pure)", () => {
  it("renders typed server-side parameters", () => {
    const q = chsql`SELECT * FROM ${ident("events")} WHERE tenant_id = ${"acme"} AND n > ${3} AND x IN ${["a", "b"]} AND f = ${1.5}`;
    expect(render(q, "params")).toEqual({
      query:
        "SELECT * FROM `events` WHERE tenant_id = {p0:String} AND n > {p1:Int64} AND x IN {p2:Array(String)} AND f = {p3:Float64}",
      params: { p0: "acme", p1: 3, p2: ["a", "b"], p3: 1.5 },
    });
  });

  it("renders escaped literals, nested fragments and joins", () => {
    const conds = joinSql([chsql`a = ${"x'y"}`, chsql`b = ${"back\\slash\n"}`], chsql` AND `);
    expect(render(chsql`SELECT 1 WHERE ${conds}`, "inline").query).toBe(
      "SELECT 1 WHERE a = 'x\\'y' AND b = 'back\\\\slash\\x0a'",
    );
    expect(quoteString("\u0000\u007f")).toBe("'\\x00\\x7f'");
  });

  it("refuses unsafe identifiers and non-finite numbers", () => {
    expect(() => ident("events; DROP TABLE x")).toThrow(/not a safe identifier/);
    expect(() => render(chsql`SELECT ${Number.NaN}`, "inline")).toThrow(/finite/);
  });

  it("gates features on the server version", () => {
    expect(Object.values(featuresOf(parseVersion("18.16.1"))).some(Boolean)).toBe(false);
    expect(Object.values(featuresOf(parseVersion("25.3.2.1"))).every(Boolean)).toBe(true);
    expect(featuresOf(parseVersion("19.11.3")).queryParameters).toBe(true);
  });
});
