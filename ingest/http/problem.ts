import {
  type ErrorCode,
  httpStatus,
  isTooltrailError,
  TooltrailError,
} from "../../lib/core/errors";
import { type HttpResponse, json } from "./http-types";

/**
 * RFC 9457 problem details: every error the ingest API returns is one of these, never a stack.
 * `type` is a URN so no documentation host is implied.
 */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
};

/**
 * A failure the client can act on, with the exact problem details it is answered with. It is a
 * kind of the one error model: its code says what happened; `problem.status` is what the API
 * answers (405 and 429 have no code of their own, so the status is not always the code's).
 */
export class ProblemError extends TooltrailError {
  constructor(
    code: ErrorCode,
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, problem.detail);
  }
}

/** The error model's code for an ingest API status. */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: "invalid-input",
  401: "signed-out",
  403: "forbidden",
  404: "not-found",
  405: "unsupported",
  413: "too-large",
  415: "unsupported",
  429: "overloaded",
  503: "unavailable",
};

export function codeForStatus(status: number): ErrorCode {
  return CODE_FOR_STATUS[status] ?? "invalid-input";
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  code: ErrorCode = codeForStatus(status),
): ProblemError {
  return new ProblemError(
    code,
    { type: `urn:tooltrail:problem:${slug}`, title, status, detail, ...extra },
    headers,
  );
}

function isProblemError(err: unknown): err is ProblemError {
  return isTooltrailError(err) && typeof (err as { problem?: unknown }).problem === "object";
}

/**
 * The HTTP layer's one mapping from an error to problem details (the router, the events handler
 * through it, and the OTLP handler all answer with it). Null for anything that is not ours: that
 * is a bug, logged by the caller and answered with `internalProblem()`.
 */
export function toProblem(err: unknown): ProblemError | null {
  if (!isTooltrailError(err)) return null;
  if (isProblemError(err)) return err;
  // The committers' refusals: nothing of the request was acknowledged, so the client retries.
  if (err.code === "overloaded") {
    return problem(
      503,
      "overloaded",
      "Overloaded",
      `${err.message}; retry shortly`,
      {},
      { "retry-after": "1" },
      "overloaded",
    );
  }
  if (err.code === "unavailable") {
    return problem(
      503,
      "store-unavailable",
      "Store unavailable",
      `events could not be stored durably (${err.message}); nothing from this request was acknowledged`,
      {},
      { "retry-after": "5" },
    );
  }
  return problem(httpStatus(err), err.code, err.code, err.message, {}, {}, err.code);
}

/**
 * 400 for a request whose every event was rejected: the per-event reasons (index, id, field and
 * what was expected) as `rejected`, beside the counts a 202 would carry, so a client reading
 * either answer finds the same fields. The detail quotes the first reason, for logs that keep one line.
 */
export function everyEventRejected(
  rejected: { index: number; id?: string; errors: { path: string; message: string }[] }[],
  counts: Record<string, unknown>,
): Problem {
  const first = rejected[0];
  const reason = first?.errors[0];
  const where = first ? `event ${first.index}${first.id ? ` (${first.id})` : ""}` : "";
  const why = reason ? `: ${reason.path ? `${reason.path} ` : ""}${reason.message}` : "";
  return problem(
    400,
    "all-rejected",
    "Every event was rejected",
    `all ${rejected.length} event(s) were rejected and kept in quarantine, none stored; ${where}${why}`,
    counts,
  ).problem;
}

/** What a client sees of a bug: no stack or internal message. */
export function internalProblem(): Problem {
  return {
    type: "urn:tooltrail:problem:internal",
    title: "Internal error",
    status: 500,
    detail: "the request failed unexpectedly; it was logged, and no event from it was acknowledged",
  };
}

/** Problem details as the native API's JSON answer. */
export function problemResponse(p: Problem, headers: Record<string, string> = {}): HttpResponse {
  return json(p.status, p, { ...headers, "content-type": "application/problem+json" });
}
