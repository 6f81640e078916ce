import { notFound } from "next/navigation";
import { eventV1Schema } from "@/lib/core/contract/event-v1";
import {
  assertSafeParams,
  assertSafeText,
  BadRequestError,
  isBadRequestError,
  type Params,
} from "@/lib/queries/bad-request";
import { FILTER_LIMITS } from "@/lib/queries/filters";
import { setResponseStatus } from "@/lib/runtime/response-status";

/**
 * An event id from a dynamic segment (URL-encoded). A malformed escape, or an id the contract
 * would refuse (control characters, which PostgreSQL also refuses), names no stored event: 404.
 */
export function decodeParam(raw: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    notFound();
  }
  if (!eventV1Schema.shape.id.safeParse(id).success) notFound();
  return id;
}

/**
 * A dynamic segment that names what a page filters by (an actor id, a tool name): decoded and
 * checked like a filter value in the query string, a BadRequestError otherwise.
 */
export function segmentParam(name: string, raw: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new BadRequestError(`the ${name} in the address has a malformed %-escape`);
  }
  assertSafeText(`the ${name}`, value);
  if (value.length > FILTER_LIMITS.valueChars)
    throw new BadRequestError(
      `the ${name} may have at most ${FILTER_LIMITS.valueChars} characters`,
    );
  return value;
}

export type ReadParams<T> = { ok: true; value: T } | { ok: false; message: string };

function readParams<T>(params: Params, read: (p: Params) => T): ReadParams<T> {
  try {
    assertSafeParams(params);
    return { ok: true, value: read(params) };
  } catch (err) {
    if (!isBadRequestError(err)) throw err;
    return { ok: false, message: err.message };
  }
}

/**
 * How every dashboard page reads its URL, after its guard: no parameter may hold a control
 * character or an unpaired surrogate, then `read` parses what the page uses (lib/queries throws
 * BadRequestError for what it cannot accept). A refusal makes the response a 400 and returns the
 * message for the page to render with components/ui/bad-request.tsx, instead of an error page.
 */
export function readPageParams<T>(params: Params, read: (p: Params) => T): ReadParams<T> {
  const r = readParams(params, read);
  if (!r.ok) setResponseStatus(400);
  return r;
}

/** The same for route handlers: the value, or the problem+json 400 to return. */
export function readRouteParams<T>(
  url: URL,
  read: (p: Params) => T,
): { ok: true; value: T } | { ok: false; response: Response } {
  // Repeated parameters as arrays, as pages receive them.
  const params: Params = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0] : values;
  }
  const r = readParams(params, read);
  return r.ok ? r : { ok: false, response: badRequestResponse(r.message) };
}

export function badRequestResponse(detail: string): Response {
  return Response.json(
    { type: "urn:tooltrail:problem:bad-request", title: "Bad request", status: 400, detail },
    { status: 400, headers: { "content-type": "application/problem+json" } },
  );
}
