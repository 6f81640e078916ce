import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Spool } from "./spool";

type Rec = { n: number; pad: string };
const rec = (n: number, bytes = 100): Rec => ({ n, pad: "x".repeat(bytes) });

describe("spool segments", () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), "tt-spool-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("reads back what it wrote, from memory, equal to what a restarted process reads from disk", () => {
    const d = dir();
    const spool = new Spool<Rec>(d, 1 << 20);
    const written = [rec(1), rec(2), rec(3)];
    spool.append(written.slice(0, 2));
    spool.append(written.slice(2));
    spool.rotate();
    const [path] = spool.closedSegments();
    const mine = spool.read(path as string);
    expect(mine[0]).toBe(written[0]);
    expect(new Spool<Rec>(d, 1 << 20).read(path as string)).toEqual(written);
    spool.remove(path as string);
    expect(spool.bytes).toBe(0);
  });

  it("past its memory bound reads whole segments from disk, never half a segment from memory", () => {
    const d = dir();
    const spool = new Spool<Rec>(d, 1 << 20, { memoBytes: 1000 });
    spool.append([rec(1, 700)]);
    spool.rotate();
    // Over the bound: this segment starts on disk only...
    spool.append([rec(2, 500)]);
    const [first] = spool.closedSegments();
    spool.remove(first as string);
    // ...and stays so once memory is free again, or a read would miss record 2.
    spool.append([rec(3, 10)]);
    spool.rotate();
    const [second] = spool.closedSegments();
    expect(spool.read(second as string).map((r) => r.n)).toEqual([2, 3]);
  });

  it("drops a segment's memory copy when it outgrows the bound, and still reads all of it", () => {
    const d = dir();
    const spool = new Spool<Rec>(d, 1 << 20, { memoBytes: 1000 });
    spool.append([rec(1, 400)]);
    spool.append([rec(2, 400)]);
    spool.append([rec(3, 400)]);
    spool.rotate();
    const [path] = spool.closedSegments();
    expect(spool.read(path as string).map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it("appends asynchronously in call order, within its bound, and rotates after them", async () => {
    const d = dir();
    const spool = new Spool<Rec>(d, 1000);
    const results = await Promise.allSettled([
      spool.appendAsync([rec(1, 400)]),
      spool.appendAsync([rec(2, 400)]),
      // Would overrun the bound together with the two still in flight.
      spool.appendAsync([rec(3, 400)]),
      spool.rotateAsync(),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    const [path] = spool.closedSegments();
    expect(new Spool<Rec>(d, 1000).read(path as string).map((r) => r.n)).toEqual([1, 2]);
    expect(spool.read(path as string).map((r) => r.n)).toEqual([1, 2]);
  });
});
