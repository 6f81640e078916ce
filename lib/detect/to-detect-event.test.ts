import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTERNAL_KEY_ID } from "../../ingest/pipeline";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";
import { buildAuditEvent } from "../services/audit-event";
import {
  ARG_VALUE_CHARS,
  ARG_VALUES_MAX,
  argValues,
  INTERNAL_INGEST_KEY,
  toDetectEvent,
} from "./to-detect-event";

/** Events go through the real pipeline (validation, redaction, sealing) and are read back. */
describe("toDetectEvent on stored events", () => {
  let h: Harness;
  const read = async (id: string) => {
    const stored = await (await h.stored()).forTenant("acme").getEvent(id);
    if (!stored) throw new Error(`event ${id} was not stored`);
    return toDetectEvent(stored);
  };

  beforeAll(async () => {
    h = await startHarness({ env: { GROUP_COMMIT_MAX_WAIT_MS: "0" } });
    const token = await h.tenantWithKey("acme");
    const events = [
      makeEvent({
        id: "call-1",
        time: "2026-03-01T10:00:00.250Z",
        server: { name: "github" },
        tool: "get_file_contents",
        actor: { id: "u-alice", type: "user", name: "Alice", email: "alice@acme.example" },
        arguments: {
          repo: "acme/api",
          path: "src/index.ts",
          page: 3,
          nested: [{ key: "AKIAIOSFODNN7EXAMPLE" }],
        },
        session_id: "sess-1",
        trace_id: "trace-1",
        data_classification: "confidential",
        result_bytes: 1234,
        decision: { verdict: "deny", policy_id: "p" },
        validation: { valid: false, errors: ["bad"] },
        rate_limit: { limited: true },
        outcome: "denied",
        error: { type: "policy" },
        labels: { "guard.injection": "instructions:2" },
      }),
      makeEvent({
        id: "read-1",
        method: "resources/read",
        tool: undefined,
        resource_uri: "file:///srv/app/1.md",
      }),
      // A client may name its server like the dashboard: that does not make its events internal.
      makeEvent({
        id: "forged-1",
        server: { name: "tooltrail-dashboard" },
        tool: "integrity.verified",
      }),
    ];
    expect((await h.post(token, JSON.stringify(events))).body.accepted).toBe(3);
    const audit = buildAuditEvent(
      { kind: "operator", name: "ops@host" },
      { action: "integrity.verified", outcome: "error", details: { findings: 2 } },
      "test",
    );
    await h.server.pipeline.recordInternal("acme", [{ ...audit, id: "audit-1" }]);
  });
  afterAll(() => h.stop());

  it("extracts every field the rules read", async () => {
    const e = await read("call-1");
    expect(e).toMatchObject({
      id: "call-1",
      time: Date.parse("2026-03-01T10:00:00.250Z"),
      actorId: "u-alice",
      actorType: "user",
      actorName: "Alice",
      server: "github",
      tool: "get_file_contents",
      outcome: "denied",
      verdict: "deny",
      errorType: "policy",
      validationFailed: true,
      rateLimited: true,
      sessionId: "sess-1",
      traceId: "trace-1",
      classification: "confidential",
      resultBytes: 1234,
      labels: { "guard.injection": "instructions:2" },
      internal: false,
    });
    expect(e.ingestKeyId).not.toBe(INTERNAL_INGEST_KEY);
    expect(e.argsHmac).toMatch(/^[0-9a-f]{64}$/);
    // The redactor ran before storage: the key is gone, its record says what and where.
    expect(e.argValues).toEqual(["acme/api", "src/index.ts", "3", "[REDACTED:aws_access_key]"]);
    expect(e.redactions).toEqual([
      { field: "arguments.nested[0].key", type: "aws_access_key", count: 1 },
    ]);
  });

  it("reads the resource URI of a resources/read as what it touched", async () => {
    const e = await read("read-1");
    expect(e.tool).toBeNull();
    expect(e.argValues).toEqual(["file:///srv/app/1.md"]);
    expect(e.redactions).toEqual([]);
  });

  it("marks the server's own events internal, and a client's look-alike not", async () => {
    expect(INTERNAL_INGEST_KEY).toBe(INTERNAL_KEY_ID);
    const own = await read("audit-1");
    expect(own).toMatchObject({ internal: true, tool: "integrity.verified", outcome: "error" });
    expect(own.actorId).toBe("operator:ops@host");
    expect((await read("forged-1")).internal).toBe(false);
  });
});

describe("argValues bounds", () => {
  it("keeps at most 64 values of at most 1 KiB, depth-first in document order", () => {
    const args = { a: "x".repeat(1_000_000), b: [1, "two", { c: "three" }], d: null, e: true };
    const v = argValues(args);
    expect(v.map((s) => s.length)).toEqual([ARG_VALUE_CHARS, 1, 3, 5]);
    expect(v.slice(1)).toEqual(["1", "two", "three"]);
    const many = argValues(Array.from({ length: 10_000 }, (_, i) => `v${i}`));
    expect(many).toHaveLength(ARG_VALUES_MAX);
    expect(many[63]).toBe("v63");
  });

  it("survives hostile shapes: deep nesting, huge arrays of nothing, odd numbers", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(argValues(deep)).toEqual([]); // the node budget ends before the bottom
    expect(argValues(new Array(1_000_000).fill(null))).toEqual([]);
    expect(argValues({ n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0 })).toEqual(["0"]);
    expect(argValues(undefined)).toEqual([]);
  });
});
