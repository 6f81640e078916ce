import { parentPort } from "node:worker_threads";
import { compileRedactionPolicy, type RedactionConfig } from "../../lib/core/redact";
import { ProblemError } from "../http/problem";
import type { TenantContext } from "./prepare";
import { type BatchJob, prepareBatch } from "./prepare-batch";

/** Worker side of the prepare pool: the same `prepareBatch`, off the thread that owns the store. */
export type WorkerTenant = { tenantId: string; redaction: RedactionConfig; hmacKey: Uint8Array };
export type WorkerRequest = { id: number; job: BatchJob; tenant: WorkerTenant };
export type WorkerReply =
  | { id: number; ok: true; result: ReturnType<typeof prepareBatch> }
  | {
      id: number;
      ok: false;
      code?: ProblemError["code"];
      problem?: ProblemError["problem"];
      headers?: Record<string, string>;
      message?: string;
    };

const contexts = new Map<string, { key: string; ctx: TenantContext }>();

function contextFor(t: WorkerTenant): TenantContext {
  const key = JSON.stringify(t.redaction) + Buffer.from(t.hmacKey).toString("hex");
  const hit = contexts.get(t.tenantId);
  if (hit && hit.key === key) return hit.ctx;
  const ctx: TenantContext = {
    tenantId: t.tenantId,
    redaction: compileRedactionPolicy(t.redaction),
    redactionConfig: t.redaction,
    hmacKey: Buffer.from(t.hmacKey),
  };
  contexts.set(t.tenantId, { key, ctx });
  return ctx;
}

parentPort?.on("message", (msg: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: msg.id, ok: true, result: prepareBatch(msg.job, contextFor(msg.tenant)) };
  } catch (err) {
    reply =
      err instanceof ProblemError
        ? { id: msg.id, ok: false, code: err.code, problem: err.problem, headers: err.headers }
        : { id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
