import type { ServerResponse } from "node:http";
import { isClientAbort, readBody } from "../ingest/http/body";
import { BodyBudget } from "../ingest/http/body-budget";
import type { HttpRequest } from "../ingest/http/http-types";
import { sendResponse } from "../ingest/http/node-http";
import { ProblemError } from "../ingest/http/problem";
import type { Logger } from "../ingest/pipeline";
import type { ServiceCtx } from "../lib/services/context";
import { adminAuthorized, handleAdminRpc } from "./admin-rpc-handler";

/** Admin requests are small JSON commands from the CLI. */
const MAX_ADMIN_BODY_BYTES = 1024 * 1024;
/**
 * Admin bodies have their own budget, not ingestion's: an operator revoking a key while ingest
 * is flooded must not be told to retry.
 */
const ADMIN_INFLIGHT_BYTES = 8 * MAX_ADMIN_BODY_BYTES;

/**
 * POST ADMIN_RPC_PATH on the one-process server. Never rejects: a client that goes away mid-body
 * is logged once, any other failure answers 500 (the CLI shows `error`).
 */
export function createAdminRpcRoute(ctx: ServiceCtx, token: Buffer, log: Logger) {
  const budget = new BodyBudget(ADMIN_INFLIGHT_BYTES);
  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    sendResponse(res, {
      status,
      headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
      body: JSON.stringify(body),
    });

  return async function serveAdminRpc(r: HttpRequest, res: ServerResponse): Promise<void> {
    const caller = { remoteAddress: r.remoteAddress, authorization: r.header("authorization") };
    if (!adminAuthorized(token, caller)) return answer(res, 403, { error: "forbidden" });
    let reservation: ReturnType<BodyBudget["reserve"]> | null = null;
    try {
      reservation = budget.reserve(Number(r.header("content-length") ?? 0));
      const body = await readBody(
        r.body,
        r.header("content-encoding"),
        MAX_ADMIN_BODY_BYTES,
        reservation,
      );
      const out = await handleAdminRpc(ctx, token, { ...caller, body: body.toString("utf8") });
      answer(res, out.status, out.body);
    } catch (err) {
      if (isClientAbort(err)) {
        log.info(`admin request aborted by the client before its body arrived (${r.path})`);
      } else if (err instanceof ProblemError) {
        answer(res, err.problem.status, { error: err.problem.detail }, err.headers);
      } else {
        log.error("admin request failed", err);
        answer(res, 500, { error: "the operation failed on the server; see the server's log" });
      }
    } finally {
      reservation?.release();
    }
  };
}
