import { type ERROR_CODES, httpStatus, isTooltrailError, publicMessage } from "@/lib/core/errors";

/**
 * The dashboard's one mapping of errors (lib/core/errors.ts) to what its entry points answer.
 * Ours carry a message the person can act on; anything else is a bug: logged, never shown.
 */

/** A server action's answer for a failure: our message, or rethrown (Next logs it, shows 500). */
export function actionFailure(err: unknown): { ok: false; message: string } {
  if (isTooltrailError(err)) return { ok: false, message: err.message };
  throw err;
}

/** A route handler's RFC 9457 problem details for a failure; never a stack trace. */
export function problemResponse(err: unknown): Response {
  if (!isTooltrailError(err)) console.error("request failed", err);
  const status = httpStatus(err);
  const code = isTooltrailError(err) ? err.code : "internal";
  return Response.json(
    {
      type: `urn:tooltrail:problem:${code}`,
      title: TITLES[code] ?? "Internal error",
      status,
      detail: publicMessage(err),
    },
    { status, headers: { "content-type": "application/problem+json" } },
  );
}

const TITLES: Partial<Record<keyof typeof ERROR_CODES | "internal", string>> = {
  "invalid-input": "Bad request",
  "not-found": "Not found",
  "signed-out": "Sign in required",
  forbidden: "Not allowed",
  expired: "Access ended",
  conflict: "Conflict",
  "too-large": "Too large",
  overloaded: "Overloaded",
  unavailable: "Unavailable",
};
