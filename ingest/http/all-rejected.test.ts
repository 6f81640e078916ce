import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postBatch } from "../../guard/src/shipping/post";
import { type Harness, startHarness } from "../../test/fixtures/ingest-harness";

const event = (over: Record<string, unknown> = {}) => ({
  id: `e-${Math.random().toString(36).slice(2)}`,
  time: new Date().toISOString(),
  server: { name: "files" },
  tool: "read_file",
  actor: { id: "alice" },
  outcome: "ok",
  ...over,
});

/** A request none of whose events could be kept is refused (400), not acknowledged as a success. */
describe("a request whose every event is rejected", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  it("answers 400 problem details with each event's field and what was expected, and keeps them in quarantine", async () => {
    const token = await h.tenantWithKey("all-bad");
    const { time: _time, outcome: _outcome, ...missing } = event();
    const res = await h.post(
      token,
      JSON.stringify([missing, event({ id: "wrong-outcome", outcome: "fine" })]),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.body).toMatchObject({
      type: "urn:tooltrail:problem:all-rejected",
      status: 400,
      accepted: 0,
      duplicates: 0,
      detail: `all 2 event(s) were rejected and kept in quarantine, none stored; event 0 (${missing.id}): time is required`,
    });
    const outcomes = '"ok"|"error"|"denied"|"rate_limited"|"invalid"|"timeout"|"pending_approval"';
    expect(res.body.rejected).toEqual([
      {
        index: 0,
        id: missing.id,
        errors: [
          { path: "time", message: "is required" },
          { path: "outcome", message: `is required: one of ${outcomes}` },
        ],
      },
      {
        index: 1,
        id: "wrong-outcome",
        errors: [{ path: "outcome", message: `Invalid option: expected one of ${outcomes}` }],
      },
    ]);
    const store = (await h.stored()).forTenant("all-bad");
    expect(await store.countEvents({})).toBe(0);
    const q = await store.listQuarantine({ limit: 10 });
    expect(q.map((r) => r.eventIndex).sort()).toEqual([0, 1]);
  });

  it("stays 202 with the rejected list when some events are valid", async () => {
    const token = await h.tenantWithKey("some-bad");
    const res = await h.post(token, JSON.stringify([event(), event({ outcome: "fine" })]));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
  });

  it("stays 202 when every event was already stored (duplicates are not rejections)", async () => {
    const token = await h.tenantWithKey("dups");
    const body = JSON.stringify([event({ id: "same" })]);
    expect((await h.post(token, body)).status).toBe(202);
    const again = await h.post(token, body);
    expect([again.status, again.body.duplicates]).toEqual([202, 1]);
  });

  it("is dropped by Guard's shipper as malformed, not retried for ever", async () => {
    const token = await h.tenantWithKey("guard-bad");
    const out = await postBatch({ url: h.url, key: token, requestTimeoutMs: 10_000 }, [
      JSON.stringify(event({ outcome: "fine" })),
    ]);
    expect(out).toEqual({
      kind: "malformed",
      message: expect.stringContaining("HTTP 400: all 1 event(s) were rejected"),
    });
  });
});
