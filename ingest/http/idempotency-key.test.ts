import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";

/**
 * Quarantine is idempotent by (tenant, request id, position): a request sent again under the
 * same Idempotency-Key (a retry, a re-run of the demo) quarantines its rejected events once.
 */
describe("Idempotency-Key", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  const body = JSON.stringify([
    makeEvent({ id: "good-1" }),
    makeEvent({ id: "bad-1", outcome: "success" }),
    makeEvent({ id: "bad-2", tool: undefined }),
  ]);
  const quarantined = async (tenant: string) =>
    (await h.stored()).forTenant(tenant).countQuarantine({});

  it("keeps a re-sent request's rejected events once, and a request without it every time", async () => {
    const token = await h.tenantWithKey("idem");
    const headers = { "idempotency-key": "demo-malformed-1" };
    const first = await h.post(token, body, headers);
    expect([first.status, first.body.accepted, first.body.rejected.length]).toEqual([202, 1, 2]);
    const again = await h.post(token, body, headers);
    expect([again.status, again.body.duplicates, again.body.rejected.length]).toEqual([202, 1, 2]);
    expect(again.headers.get("x-request-id")).toBe(first.headers.get("x-request-id"));
    expect(await quarantined("idem")).toBe(2);

    await h.post(token, body);
    await h.post(token, body);
    expect(await quarantined("idem")).toBe(6);
  });

  it("is scoped to the ingest key: another source's same idempotency key keeps its own rows", async () => {
    const a = await h.tenantWithKey("idem-scope");
    const b = await h.tenantWithKey("idem-scope");
    const headers = { "idempotency-key": "batch-7" };
    const fromA = await h.post(a, body, headers);
    const fromB = await h.post(b, body, headers);
    expect(fromB.headers.get("x-request-id")).not.toBe(fromA.headers.get("x-request-id"));
    expect(await quarantined("idem-scope")).toBe(4);
  });

  it("refuses a malformed key with problem details before reading the body", async () => {
    const token = await h.tenantWithKey("idem-bad");
    for (const value of ["has space", "x".repeat(129), "é"]) {
      const res = await h.post(token, body, { "idempotency-key": value });
      expect([res.status, res.body.type]).toEqual([
        400,
        "urn:tooltrail:problem:invalid-idempotency-key",
      ]);
    }
    expect(await quarantined("idem-bad")).toBe(0);
  });
});
