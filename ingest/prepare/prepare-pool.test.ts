import { afterAll, describe, expect, it } from "vitest";
import { compileRedactionPolicy } from "../../lib/core/redact";
import { ProblemError } from "../http/problem";
import { type BatchJob, prepareBatch } from "./prepare-batch";
import { PreparePool } from "./prepare-pool";

const ctx = {
  tenantId: "t",
  redaction: compileRedactionPolicy({}),
  redactionConfig: {},
  hmacKey: Buffer.alloc(32, 7),
};
const job = (body: string): BatchJob => ({
  body: new TextEncoder().encode(body),
  format: "ndjson",
  maxBatchEvents: 100,
  maxEventBytes: 65536,
  keyId: "k",
  keyServers: null,
  receivedAt: "2026-03-01T10:00:00.000Z",
  requestId: "r",
  rowEncoding: null,
});

describe("prepare pool", () => {
  const pool = new PreparePool(2);
  afterAll(() => pool.close());

  it("runs on worker threads and returns exactly what the inline path returns", async () => {
    expect(pool.size).toBe(2);
    const body = [
      JSON.stringify({
        id: "a",
        time: "2026-03-01T09:00:00Z",
        server: { name: "s" },
        tool: "t",
        actor: { id: "x" },
        outcome: "ok",
        arguments: { token: "x", note: "AKIAIOSFODNN7EXAMPLE" },
      }),
      "{broken",
      JSON.stringify({ id: "b" }),
    ].join("\n");
    const viaWorker = await pool.run(job(body), ctx);
    const inline = prepareBatch(job(body), ctx);
    expect(viaWorker).toEqual(inline);
    expect(Buffer.isBuffer(viaWorker.prepared[0]?.leaf)).toBe(true);
    expect(JSON.parse(viaWorker.prepared[0]?.docText ?? "{}").arguments).toEqual({
      token: "[REDACTED:secret_field]",
      note: "[REDACTED:aws_access_key]",
    });
    expect(viaWorker.rejected.map((r) => r.index)).toEqual([1, 2]);
  });

  it("carries problem details from the worker back as a ProblemError", async () => {
    const tooMany = Array.from({ length: 101 }, () => "{}").join("\n");
    const err = await pool.run(job(tooMany), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).problem.status).toBe(413);
  });
});
