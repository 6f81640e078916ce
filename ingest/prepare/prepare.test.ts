import { describe, expect, it } from "vitest";
import { validateEvent } from "../../lib/core/contract";
import { compileRedactionPolicy } from "../../lib/core/redact";
import { prepareEvent } from "./prepare";

const ctx = {
  tenantId: "acme",
  redaction: compileRedactionPolicy({}),
  redactionConfig: {},
  hmacKey: Buffer.alloc(32, 7),
};

function prepare(event: Record<string, unknown>) {
  const v = validateEvent(event, 1000);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const at = "2026-03-01T10:00:01.000Z";
  return prepareEvent(v.event, v.truncated, ctx, "key1", at, null, v.replaced);
}

const wellFormed = {
  id: "golden-1",
  time: "2026-03-01T10:00:00.123Z",
  server: { name: "files", version: "1.0" },
  tool: "read_file ✓ \u{1F600}",
  actor: { id: "alice", type: "user", roles: ["dev"] },
  arguments: {
    path: '/tmp/"x"\\y',
    n: [1, 2.5, -0, 1e21, null, true],
    nested: { ключ: "значение \u0007", "": "" },
  },
  outcome: "error",
  error: { code: -32001, message: "tab\there" },
  labels: { env: "prod" },
};

describe("prepared events", () => {
  it("keep the stored bytes and leaf hash of well-formed events (as computed before strings were repaired)", () => {
    const p = prepare(wellFormed);
    // Both values were produced by the code before inspect-event.ts existed.
    expect(p.docText).toBe(
      '{"id":"golden-1","time":"2026-03-01T10:00:00.123Z","server":{"name":"files","version":"1.0"},"method":"tools/call","tool":"read_file ✓ 😀","actor":{"id":"alice","type":"user","roles":["dev"]},"arguments":{"path":"/tmp/\\"x\\"\\\\y","n":[1,2.5,0,1e+21,null,true],"nested":{"ключ":"значение \\u0007","":""}},"outcome":"error","error":{"code":-32001,"message":"tab\\there"},"labels":{"env":"prod"},"tenant_id":"acme","received_at":"2026-03-01T10:00:01.000Z","ingest_key_id":"key1","args_hmac":"cb5204c641289dcbcc9c51fdbc92cd00a691d4d353a657443c5619aa428abd6b"}',
    );
    expect(p.leaf.toString("hex")).toBe(
      "ef1baf9ca55a7573747d5f5ebf7f115fdb06a6162c4698c85f93224b1a5c3a3a",
    );
  });

  it("store repaired events with no escape PostgreSQL's JSON operators refuse", () => {
    const p = prepare({ ...wellFormed, tool: "t\ud800", arguments: { "k\u0000": "\udc00" } });
    expect(p.docText).not.toMatch(/\\u(0000|d[89a-f])/);
    expect(JSON.parse(p.docText)).toMatchObject({ replaced: ["tool", "arguments"] });
  });
});
