import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { canonicalJson } from "../../lib/core/integrity/canonical";
import { policyHash } from "../../lib/services/revocations/guard-ctx";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";

/**
 * Guard's API over HTTP against the real pipeline: registration, the revocation list with its
 * ETag, the heartbeat's confirmation and proof, and every refusal (bad input, wrong key, another
 * tenant's server) as problem details that change nothing.
 */
let h: Harness;
let store: Store;
let keyA: string;
let keyB: string;
let keyFilesOnly: string;

const doc = (over: Record<string, unknown> = {}) => ({
  version: 1,
  id: "mem-policy",
  server: { name: "memory" },
  rules: [{ id: "all", effect: "allow", roles: ["ops"], tools: ["*"] }],
  tools: {},
  ...over,
});

async function call(
  path: string,
  init: { key?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${h.url}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === "string" || init.body instanceof Uint8Array
          ? (init.body as string)
          : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON answers
  return { status: res.status, body: body as any, headers: res.headers };
}

const register = (key: string, d: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  call("/api/v1/guard/policies", {
    key,
    body: {
      server: "memory",
      instance: "i1",
      guard_version: "0.1.0",
      hash: policyHash(d),
      document: d,
      ...over,
    },
  });

const issue = (tenant: string, over: Record<string, unknown> = {}) =>
  store.forTenant(tenant).guardAccess.issueRevocation({
    id: `rev-${Math.random().toString(36).slice(2)}`,
    principal: "alice",
    server: "memory",
    tools: ["delete_entities"],
    campaignId: "camp-1",
    campaignName: "Q1 review",
    entryId: "e1",
    reviewerUserId: "u1",
    reason: "not needed",
    createdAt: new Date(),
    ...over,
  });

beforeAll(async () => {
  h = await startHarness({ env: { INGEST_WORKERS: "0" } });
  store = h.store;
  keyA = await h.tenantWithKey("acme");
  keyB = await h.tenantWithKey("globex");
  keyFilesOnly = await h.tenantWithKey("acme", { servers: ["files"] });
});
afterAll(async () => h?.stop());

describe("POST /api/v1/guard/policies", () => {
  it("registers a policy once per hash and keeps every version with its range", async () => {
    const first = await register(keyA, doc());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ server: "memory", instance: "i1", created: true });
    const again = await register(keyA, doc());
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const changed = doc({ rules: [] });
    expect((await register(keyA, changed)).status).toBe(201);
    // gzip bodies are accepted like the events API's.
    const zipped = await call("/api/v1/guard/policies", {
      key: keyA,
      body: gzipSync(
        JSON.stringify({
          server: "memory",
          instance: "i2",
          guard_version: "0.1.0",
          hash: policyHash(doc()),
          document: doc(),
        }),
      ),
      headers: { "content-encoding": "gzip" },
    });
    expect(zipped.status).toBe(201);
    const versions = await store
      .forTenant("acme")
      .guardAccess.listPolicyVersions({ server: "memory" });
    expect(versions.map((v) => [v.instance, v.effectiveTo === null])).toEqual([
      ["i1", false],
      ["i1", true],
      ["i2", true],
    ]);
    expect(await store.forTenant("globex").guardAccess.listPolicyVersions()).toEqual([]);
  });

  it("refuses bad input with problem details and stores nothing", async () => {
    const before = (await store.forTenant("acme").guardAccess.listPolicyVersions()).length;
    const cases: [Awaited<ReturnType<typeof call>>, number, RegExp][] = [
      [await register(keyA, doc(), { hash: "0".repeat(64) }), 400, /hash does not match/],
      [await register(keyA, doc(), { hash: "nope" }), 400, /hash: must be the policy's sha256/],
      [await register(keyA, { id: "x" }, {}), 400, /not a Guard policy: version/],
      [await register(keyA, doc(), { server: "" }), 400, /server: server is required/],
      [await register(keyA, doc(), { server: "a\u0007b" }), 400, /control characters/],
      [await register(keyA, doc(), { instance: "x".repeat(300) }), 400, /instance is longer/],
      [
        await call("/api/v1/guard/policies", { key: keyA, body: "{not json" }),
        400,
        /not valid JSON|Unexpected|Expected/,
      ],
      [
        await call("/api/v1/guard/policies", {
          key: keyA,
          body: `${"[".repeat(100)}${"]".repeat(100)}`,
        }),
        400,
        /nests deeper/,
      ],
      [
        await call("/api/v1/guard/policies", {
          key: keyA,
          body: "{}",
          headers: { "content-type": "text/plain" },
        }),
        415,
        /application\/json/,
      ],
      [
        await call("/api/v1/guard/policies", {
          key: keyA,
          body: JSON.stringify({ pad: "x".repeat(3 * 1024 * 1024) }),
        }),
        413,
        /exceeds/,
      ],
      [await call("/api/v1/guard/policies", { key: keyA }), 405, /use POST/],
    ];
    for (const [res, status, detail] of cases) {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.body.detail).toMatch(detail);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    }
    expect((await store.forTenant("acme").guardAccess.listPolicyVersions()).length).toBe(before);
  });

  it("refuses a missing or wrong key, and a key limited to other servers", async () => {
    expect((await register("", doc())).status).toBe(401);
    expect((await register("tt_notakey", doc())).status).toBe(401);
    const wrong = `${keyA.slice(0, -4)}AAAA`;
    expect((await register(wrong, doc())).status).toBe(401);
    const scoped = await register(keyFilesOnly, doc());
    expect(scoped.status).toBe(403);
    expect(scoped.body.detail).toMatch(/may not report for server memory; allowed: files/);
  });
});

describe("GET /api/v1/guard/revocations", () => {
  it("answers the server's list with its version as ETag, and 304 while it is unchanged", async () => {
    const empty = await call("/api/v1/guard/revocations?server=memory", { key: keyA });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ server: "memory", version: 0, revocations: [] });
    expect(empty.headers.get("etag")).toBe('"v0"');

    const r = await issue("acme");
    await issue("acme", { server: "files" });
    const list = await call("/api/v1/guard/revocations?server=memory", { key: keyA });
    expect(list.headers.get("etag")).toBe('"v1"');
    expect(list.body).toEqual({
      server: "memory",
      version: 1,
      revocations: [
        {
          id: r.id,
          principal: "alice",
          tools: ["delete_entities"],
          campaign_id: "camp-1",
          campaign_name: "Q1 review",
          reason: "not needed",
          created_at: r.createdAt.toISOString(),
          list_version: 1,
        },
      ],
    });
    const same = await call("/api/v1/guard/revocations?server=memory", {
      key: keyA,
      headers: { "if-none-match": '"v1"' },
    });
    expect(same.status).toBe(304);
    expect(same.body).toBe("");
    await issue("acme", { principal: "role:intern", tools: [] });
    const newer = await call("/api/v1/guard/revocations?server=memory", {
      key: keyA,
      headers: { "if-none-match": '"v1"' },
    });
    expect(newer.status).toBe(200);
    expect(newer.body.version).toBe(2);
    expect(newer.body.revocations).toHaveLength(2);
  });

  it("leaves out a revocation withdrawn by a later keep, under a new version", async () => {
    const reviews = store.forTenant("acme").reviews;
    const at = new Date();
    await reviews.createCampaign({
      id: "camp-w",
      definitionId: "def-w",
      name: "withdrawal",
      definition: {},
      dueAt: new Date(at.getTime() + 86_400_000),
      createdBy: "u1",
      createdAt: at,
    });
    await reviews.startCampaign("camp-w", {
      startedAt: at,
      snapshotHash: "0".repeat(64),
      counts: {},
      previousCampaignId: null,
      entries: [],
    });
    const r = await issue("acme", { principal: "bob", campaignId: "camp-w" });
    const before = await call("/api/v1/guard/revocations?server=memory", { key: keyA });
    expect(before.body.revocations.map((x: { id: string }) => x.id)).toContain(r.id);
    expect(await reviews.addDecisions("camp-w", [], { withdraw: [{ id: r.id, at }] })).toBe(true);
    const after = await call("/api/v1/guard/revocations?server=memory", {
      key: keyA,
      headers: { "if-none-match": `"v${before.body.version}"` },
    });
    expect(after.status).toBe(200);
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.body.revocations.map((x: { id: string }) => x.id)).not.toContain(r.id);
    expect(after.body.revocations).toHaveLength(before.body.revocations.length - 1);
    // A Guard still on the old list cannot confirm it any more.
    expect(await store.forTenant("acme").guardAccess.confirmRevocation(r.id, "i1", at)).toBe(false);
  });

  it("never shows one tenant's revocations to another tenant's key", async () => {
    const b = await call("/api/v1/guard/revocations?server=memory", { key: keyB });
    expect(b.body).toEqual({ server: "memory", version: 0, revocations: [] });
    // Even a guessed ETag of A's list is no signal: B's list is its own.
    const guess = await call("/api/v1/guard/revocations?server=memory", {
      key: keyB,
      headers: { "if-none-match": '"v2"' },
    });
    expect(guess.status).toBe(200);
    expect(guess.body.version).toBe(0);
  });

  it("refuses a missing server, a wrong key and a server outside the key's scope", async () => {
    const missing = await call("/api/v1/guard/revocations", { key: keyA });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/\?server=/);
    expect((await call("/api/v1/guard/revocations?server=memory", {})).status).toBe(401);
    expect(
      (await call("/api/v1/guard/revocations?server=memory", { key: keyFilesOnly })).status,
    ).toBe(403);
    expect(
      (await call("/api/v1/guard/revocations?server=files", { key: keyFilesOnly })).body.version,
    ).toBe(1);
    expect(
      (
        await call("/api/v1/guard/revocations?server=memory", {
          key: keyA,
          method: "POST",
          body: {},
        })
      ).status,
    ).toBe(405);
  });
});

describe("POST /api/v1/guard/heartbeat", () => {
  const beat = (key: string, over: Record<string, unknown> = {}) =>
    call("/api/v1/guard/heartbeat", {
      key,
      body: { server: "memory", instance: "i1", guard_version: "0.1.0", list_version: 0, ...over },
    });

  it("marks a revocation enforced only on a dry-run deny of a list version containing it", async () => {
    const r = await issue("acme", { tools: ["delete_entities", "create_*"] });
    const deny = (tools: string[]) => ({
      revocation_id: r.id,
      results: tools.map((tool) => ({ tool, verdict: "deny", rule_id: `revocation:${r.id}` })),
    });
    // An older list (without it), a partial dry run, an allow: none confirms.
    let res = await beat(keyA, {
      list_version: r.listVersion - 1,
      dry_run: [deny(["delete_entities", "create_*"])],
    });
    expect(res.status).toBe(200);
    expect(res.body.confirmed).toEqual([]);
    res = await beat(keyA, { list_version: r.listVersion, dry_run: [deny(["delete_entities"])] });
    expect(res.body.confirmed).toEqual([]);
    res = await beat(keyA, {
      list_version: r.listVersion,
      dry_run: [
        {
          revocation_id: r.id,
          results: [
            { tool: "delete_entities", verdict: "allow" },
            { tool: "create_*", verdict: "deny" },
          ],
        },
      ],
    });
    expect(res.body.confirmed).toEqual([]);
    expect((await store.forTenant("acme").guardAccess.getRevocation(r.id))?.status).toBe("pending");

    // Another tenant's Guard cannot confirm it, whatever it claims.
    res = await beat(keyB, { list_version: 0, dry_run: [deny(["delete_entities", "create_*"])] });
    expect(res.status).toBe(200);
    expect(res.body.confirmed).toEqual([]);
    expect((await store.forTenant("acme").guardAccess.getRevocation(r.id))?.status).toBe("pending");

    res = await beat(keyA, {
      list_version: r.listVersion,
      dry_run: [deny(["delete_entities", "create_*"])],
    });
    expect(res.body).toMatchObject({ list_version: r.listVersion, confirmed: [r.id] });
    expect(await store.forTenant("acme").guardAccess.getRevocation(r.id)).toMatchObject({
      status: "enforced",
      confirmedBy: "i1",
    });
    const [instance] = await store.forTenant("acme").guardAccess.listGuardInstances("memory");
    expect(instance).toMatchObject({ instance: "i1", listVersion: r.listVersion });
  });

  it("records as proof only a stored denial of that principal and tool by that revocation", async () => {
    const r = await issue("acme");
    const denial = (over: Record<string, unknown> = {}) =>
      makeEvent({
        server: { name: "memory" },
        method: "tools/call",
        tool: "delete_entities",
        actor: { id: "alice" },
        outcome: "denied",
        decision: {
          verdict: "deny",
          policy_id: "mem-policy",
          rule_id: `revocation:${r.id}`,
          reason: `access revoked by review campaign "Q1 review" (camp-1): not needed`,
        },
        ...over,
      });
    const wrongActor = denial({ actor: { id: "bob" } });
    const wrongRule = denial({
      decision: { verdict: "deny", rule_id: "default-deny", reason: "camp-1" },
    });
    const good = denial();
    for (const e of [wrongActor, wrongRule, good])
      expect((await h.post(keyA, JSON.stringify(e))).status).toBe(202);
    const bEvent = denial();
    expect((await h.post(keyB, JSON.stringify(bEvent))).status).toBe(202);
    await h.stored();
    const v = await store.forTenant("acme").guardAccess.listVersion("memory");
    const offer = (ids: unknown[]) =>
      beat(keyA, {
        list_version: v,
        denials: ids.map((e) => ({ revocation_id: r.id, event_id: (e as { id: string }).id })),
      });

    // Not stored yet: Guard is told to offer it again.
    let res = await offer([{ id: "not-yet-stored" }]);
    expect(res.body).toMatchObject({ proven: [], awaiting: [r.id] });
    // The wrong actor, the wrong rule: no proof, and nothing to wait for.
    res = await offer([wrongActor, wrongRule]);
    expect(res.body).toMatchObject({ proven: [], awaiting: [] });
    // Another tenant's event with the same shape does not exist in this tenant at all.
    res = await offer([bEvent]);
    expect(res.body).toMatchObject({ proven: [], awaiting: [r.id] });
    expect(
      (await store.forTenant("acme").guardAccess.getRevocation(r.id))?.proofEventId,
    ).toBeNull();
    // Another tenant's key offering A's real event proves nothing either.
    res = await beat(keyB, { denials: [{ revocation_id: r.id, event_id: good.id }] });
    expect(res.body.proven).toEqual([]);
    res = await offer([good]);
    expect(res.body.proven).toEqual([r.id]);
    expect((await store.forTenant("acme").guardAccess.getRevocation(r.id))?.proofEventId).toBe(
      good.id,
    );
  });

  it("refuses bad input and a list version from the future", async () => {
    const cases: [Awaited<ReturnType<typeof call>>, RegExp][] = [
      [await beat(keyA, { list_version: 10_000 }), /newer than server memory's revocation list/],
      [await beat(keyA, { list_version: -1 }), /list_version/],
      [await beat(keyA, { instance: undefined }), /instance/],
      [await beat(keyA, { dry_run: [{ revocation_id: "x", results: [] }] }), /dry_run\.0\.results/],
      [
        await beat(keyA, {
          denials: Array.from({ length: 501 }, () => ({ revocation_id: "x", event_id: "y" })),
        }),
        /at most 500/,
      ],
    ];
    for (const [res, detail] of cases) {
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(detail);
    }
    expect((await beat(keyFilesOnly)).status).toBe(403);
    expect((await beat("tt_bad")).status).toBe(401);
  });
});

it("hashes policies with the same canonical JSON Guard uses", () => {
  expect(policyHash({ b: 1, a: [1, "x"] })).toBe(policyHash({ a: [1, "x"], b: 1 }));
  expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
});
