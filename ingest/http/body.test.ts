import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bodyFormat, decodeBody, readBody } from "./body";
import { BodyBudget, MIN_RESERVATION_BYTES } from "./body-budget";
import { ProblemError } from "./problem";

/** A reservation in a budget too large to matter, for tests about something else. */
const unlimited = () => new BodyBudget(2 ** 40).reserve(0);

async function* chunks(...parts: Buffer[]) {
  for (const p of parts) yield p;
}

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ProblemError ? err.problem.status : -1;
  }
  return undefined;
}

async function statusOfAsync(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
  } catch (err) {
    return err instanceof ProblemError ? err.problem.status : -1;
  }
  return undefined;
}

describe("request bodies", () => {
  it("decodes one event, an array, and NDJSON with CRLF and blank lines", () => {
    expect(decodeBody(Buffer.from('{"id":"a"}'), "json", 10)).toHaveLength(1);
    expect(decodeBody(Buffer.from('[{"id":"a"},{"id":"b"}]'), "json", 10)).toHaveLength(2);
    const nd = decodeBody(Buffer.from('{"id":"a"}\r\n\n{"id":"b"}\n'), "ndjson", 10);
    expect(nd.map((i) => i.ok && (i.value as { id: string }).id)).toEqual(["a", "b"]);
  });

  it("rejects only the bad line of an NDJSON body", () => {
    const items = decodeBody(Buffer.from('{"id":"a"}\n{nope\n{"id":"c"}'), "ndjson", 10);
    expect(items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(items[1]?.ok === false && items[1].error).toMatch(/not valid JSON/);
  });

  it("answers 400 for a JSON body that does not parse or holds nothing", () => {
    expect(statusOf(() => decodeBody(Buffer.from("{nope"), "json", 10))).toBe(400);
    expect(statusOf(() => decodeBody(Buffer.from("[]"), "json", 10))).toBe(400);
    expect(statusOf(() => decodeBody(Buffer.from("\n\n"), "ndjson", 10))).toBe(400);
  });

  it("answers 413 past the batch limit", () => {
    expect(statusOf(() => decodeBody(Buffer.from(JSON.stringify([1, 2, 3])), "json", 2))).toBe(413);
    expect(statusOf(() => decodeBody(Buffer.from("1\n2\n3\n"), "ndjson", 2))).toBe(413);
  });

  it("accepts JSON and NDJSON media types and answers 415 for others", () => {
    expect(bodyFormat("application/json; charset=utf-8")).toBe("json");
    expect(bodyFormat("application/x-ndjson")).toBe("ndjson");
    expect(statusOf(() => bodyFormat("text/plain"))).toBe(415);
  });

  it("inflates gzip", async () => {
    const body = await readBody(
      chunks(gzipSync(Buffer.from('{"id":"a"}'))),
      "gzip",
      1024,
      unlimited(),
    );
    expect(body.toString()).toBe('{"id":"a"}');
  });

  it("stops a gzip bomb at the decoded limit", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await statusOfAsync(readBody(chunks(bomb), "gzip", 1024 * 1024, unlimited()))).toBe(413);
  });

  it("answers 400 for a body that claims gzip but is not, and 415 for other encodings", async () => {
    expect(
      await statusOfAsync(readBody(chunks(Buffer.from("plain")), "gzip", 1024, unlimited())),
    ).toBe(400);
    expect(await statusOfAsync(readBody(chunks(Buffer.from("x")), "br", 1024, unlimited()))).toBe(
      415,
    );
  });

  it("answers 413 for a plain body past the limit", async () => {
    expect(
      await statusOfAsync(
        readBody(chunks(Buffer.alloc(600), Buffer.alloc(600)), undefined, 1000, unlimited()),
      ),
    ).toBe(413);
  });

  it("covers every buffered byte in the reservation as it arrives", async () => {
    const budget = new BodyBudget(1024 * 1024);
    const r = budget.reserve(0);
    expect(budget.used).toBe(MIN_RESERVATION_BYTES);
    const part = Buffer.alloc(300 * 1024);
    await readBody(chunks(part, part), undefined, 16 * 1024 * 1024, r);
    expect(budget.used).toBe(600 * 1024);
    r.release();
    r.release();
    expect(budget.used).toBe(0);
  });

  it("answers 503 the moment the budget is exceeded, and takes nothing more", async () => {
    const budget = new BodyBudget(512 * 1024);
    const other = budget.reserve(256 * 1024);
    const r = budget.reserve(0);
    const part = Buffer.alloc(200 * 1024);
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield part;
      }
    }
    expect(await statusOfAsync(readBody(endless(), undefined, 16 * 1024 * 1024, r))).toBe(503);
    expect(pulled).toBe(2);
    expect(budget.used).toBe(256 * 1024 + 200 * 1024);
    r.release();
    other.release();
    expect(budget.used).toBe(0);
  });

  it("counts gzip's output while inflating and keeps only the output after", async () => {
    const budget = new BodyBudget(1024 * 1024);
    const zipped = gzipSync(Buffer.alloc(2 * 1024 * 1024));
    const r = budget.reserve(zipped.length);
    expect(await statusOfAsync(readBody(chunks(zipped), "gzip", 16 * 1024 * 1024, r))).toBe(503);
    r.release();

    const small = gzipSync(Buffer.alloc(512 * 1024));
    const r2 = budget.reserve(small.length);
    const out = await readBody(chunks(small), "gzip", 16 * 1024 * 1024, r2);
    expect(out.length).toBe(512 * 1024);
    expect(budget.used).toBe(512 * 1024);
    r2.release();
  });

  it("answers 400 for a body whose connection fails midway", async () => {
    async function* cut() {
      yield Buffer.from("[");
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    }
    expect(await statusOfAsync(readBody(cut(), undefined, 1024, unlimited()))).toBe(400);
  });
});
