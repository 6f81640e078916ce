import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type HeldBody, holdBody, paddedBody } from "../../test/fixtures/held-body";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";

const KiB = 1024;
const BUDGET = 1024 * KiB;

/**
 * MAX_INFLIGHT_BODY_BYTES against the real HTTP server: the budget counts the bytes a request
 * has buffered whatever its framing, and what is past it is answered 503 while the client holds.
 */
describe("in-flight body budget", () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness({ env: { MAX_INFLIGHT_BODY_BYTES: String(BUDGET) } });
    token = await h.tenantWithKey("acme");
  });
  afterAll(async () => h?.stop());
  // A failed test must not leave its held bodies to the next one.
  const clients: HeldBody[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.abort();
    await untilUsed(0);
  });

  const used = () => h.server.pipeline.bodyBudget.used;
  /** Waits until the server has buffered what the held clients sent (no timing asserted). */
  const untilUsed = (bytes: number) =>
    expect.poll(used, { timeout: 20_000, interval: 20 }).toBe(bytes);

  function hold(framing: "content-length" | "chunked", total: number, head = total - 1) {
    const held = holdBody({
      url: `${h.url}/api/v1/events`,
      token,
      framing,
      ...paddedBody(makeEvent(), total, head),
    });
    clients.push(held);
    return held;
  }

  async function expectShedWhileHeld(held: HeldBody) {
    const answer = await held.answer;
    expect(held.answeredEarly()).not.toBeNull();
    expect(answer.status).toBe(503);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    expect(answer.headers["retry-after"]).toBe("1");
    expect(JSON.parse(answer.body)).toMatchObject({
      type: "urn:tooltrail:problem:overloaded",
      status: 503,
    });
    // A client holding the rest of a refused body loses the connection (after a short linger
    // that lets clients still sending read the answer), rather than keeping it until the
    // request timeout.
    await held.closed;
  }

  it("counts held-open chunked bodies as they arrive and sheds the excess with 503", async () => {
    // Four bodies of 250 KiB leave less than a request's minimum reservation of the budget.
    const held = Array.from({ length: 4 }, () => hold("chunked", 250 * KiB + 1, 250 * KiB));
    await untilUsed(4 * 250 * KiB);

    const excess = Array.from({ length: 3 }, () => hold("chunked", 256 * KiB + 1, 256 * KiB));
    for (const e of excess) await expectShedWhileHeld(e);
    expect(used()).toBe(4 * 250 * KiB);

    for (const c of held) expect((await c.finish()).status).toBe(202);
    expect(used()).toBe(0);
    const after = await hold("chunked", 256 * KiB).finish();
    expect(after.status).toBe(202);
    // Bodies read in full keep their connection.
    expect(after.headers.connection).toBe("keep-alive");
    expect(used()).toBe(0);
  });

  it("shares the budget between Content-Length and chunked clients", async () => {
    // Content-Length reserves the declared size up front, chunked what has arrived.
    const declared = [hold("content-length", 384 * KiB, 128 * KiB)];
    declared.push(hold("content-length", 384 * KiB, 128 * KiB));
    const chunked = hold("chunked", 250 * KiB + 1, 250 * KiB);
    await untilUsed(2 * 384 * KiB + 250 * KiB);

    await expectShedWhileHeld(hold("content-length", 2 * KiB));
    await expectShedWhileHeld(hold("chunked", 2 * KiB));

    for (const c of [...declared, chunked]) expect((await c.finish()).status).toBe(202);
    expect(used()).toBe(0);
    expect((await hold("content-length", 2 * KiB).finish()).status).toBe(202);
    expect((await hold("chunked", 2 * KiB).finish()).status).toBe(202);
  });

  it("releases what an aborted body held", async () => {
    const held = hold("chunked", 512 * KiB + 1, 512 * KiB);
    await untilUsed(512 * KiB);
    held.abort();
    await untilUsed(0);
    expect((await hold("chunked", 2 * KiB).finish()).status).toBe(202);
  });

  it("counts gzip's inflated output", async () => {
    const { head, tail } = paddedBody(makeEvent(), 2 * BUDGET);
    const bomb = gzipSync(Buffer.concat([head, tail]));
    expect(bomb.length).toBeLessThan(64 * KiB);
    const res = await h.post(token, bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(used()).toBe(0);

    const fits = paddedBody(makeEvent(), BUDGET / 4);
    const ok = await h.post(token, gzipSync(Buffer.concat([fits.head, fits.tail])), {
      "content-encoding": "gzip",
    });
    expect(ok.status).toBe(202);
  });

  it("is one budget for the native API and OTLP", async () => {
    const held = hold("content-length", BUDGET - 32 * KiB, 128 * KiB);
    await untilUsed(BUDGET - 32 * KiB);
    const res = await fetch(`${h.server.otlp?.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ resourceSpans: [] }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect((await held.finish()).status).toBe(202);
  });
});
