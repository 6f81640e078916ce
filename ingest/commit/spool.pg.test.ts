import { afterAll, beforeAll, expect, it } from "vitest";
import { openPostgresStore } from "../../db/store/postgres";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";
import { describePostgres } from "../../test/fixtures/postgres";
import { type PostgresServer, startPostgres } from "../../test/fixtures/postgres-server";

/**
 * With the store down, acknowledged events wait in the local spool and arrive exactly once when
 * it is back; when the spool is full too, the API answers 503 and acknowledges nothing.
 * Uses its own PostgreSQL server, since the test stops it.
 */
describePostgres("spool while PostgreSQL is down", () => {
  let pg: PostgresServer;
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    pg = await startPostgres();
    h = await startHarness({
      store: await openPostgresStore(pg.url),
      env: { SPOOL_MAX_BYTES: "200000" },
    });
    token = await h.tenantWithKey("acme");
  });
  afterAll(async () => {
    await h?.stop();
    await pg?.stop();
  });

  async function waitFor(check: () => Promise<boolean>, ms = 30_000) {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error("condition not reached in time");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("acknowledges from the spool during an outage and stores every event once afterwards", async () => {
    const before = [makeEvent(), makeEvent()];
    expect((await h.post(token, JSON.stringify(before))).body.accepted).toBe(2);

    await pg.halt();
    const during = Array.from({ length: 5 }, () => [makeEvent(), makeEvent()]);
    for (const batch of during) {
      const res = await h.post(token, JSON.stringify(batch));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 2, spooled: true });
    }
    // A re-send during the outage is acknowledged again; replay must still store it once.
    expect((await h.post(token, JSON.stringify(during[0]))).status).toBe(202);
    const ready = await fetch(`${h.url}/api/ready`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).spool_bytes).toBeGreaterThan(0);

    await pg.start();
    await waitFor(
      async () => (await fetch(`${h.url}/api/ready`).then((r) => r.json())).degraded === false,
    );
    const t = h.store.forTenant("acme");
    const ids = [...before, ...during.flat()].map((e) => e.id as string);
    expect((await t.existingEventIds(ids)).size).toBe(ids.length);
    expect(await t.countEvents({})).toBe(ids.length);
    const after = await fetch(`${h.url}/api/ready`).then((r) => r.json());
    expect(after).toMatchObject({ status: "ready", spool_bytes: 0 });
  }, 90_000);

  it("answers 503 with Retry-After once the spool is full, acknowledging nothing", async () => {
    await pg.halt();
    let refused: { status: number; headers: Headers } | null = null;
    const acked: string[] = [];
    for (let i = 0; i < 200 && !refused; i++) {
      const batch = Array.from({ length: 20 }, () =>
        makeEvent({ arguments: { pad: "x".repeat(500) } }),
      );
      const res = await h.post(token, JSON.stringify(batch));
      if (res.status === 202) acked.push(...batch.map((e) => e.id as string));
      else refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get("retry-after")).toBeTruthy();
    await pg.start();
    await waitFor(
      async () => (await fetch(`${h.url}/api/ready`).then((r) => r.json())).degraded === false,
    );
    expect((await h.store.forTenant("acme").existingEventIds(acked)).size).toBe(acked.length);
  }, 90_000);
});
