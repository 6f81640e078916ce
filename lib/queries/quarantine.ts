import { assertSafeText, BadRequestError, type Params } from "./bad-request";
import { type PageSize, parsePageSize } from "./events";
import { FILTER_LIMITS, parseView, type ViewState, viewQuery } from "./filters";

/** The quarantine page's URL: the explorer's range, its own filters, a seq cursor either way. */
export type QuarantineView = {
  view: ViewState;
  key?: string;
  eventId?: string;
  /** Text of an error's path or message. */
  error?: string;
  before?: number;
  after?: number;
  size: PageSize;
};

/** The filters a quarantined row has, as URL parameters, in the order the form shows them. */
export const QUARANTINE_FILTERS = ["key", "event", "error"] as const;

function one(p: Params, key: string, max: number): string | undefined {
  const v = p[key];
  const first = Array.isArray(v) ? v[0] : v;
  // Before trimming, which would quietly drop a tab or line break at either end.
  if (first !== undefined) assertSafeText(key, first);
  const raw = first?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (raw.length > max) throw new BadRequestError(`${key} may have at most ${max} characters`);
  return raw;
}

function seq(p: Params, key: string): number | undefined {
  const v = p[key];
  const raw = Array.isArray(v) ? v[0] : v;
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw new BadRequestError(`${key} must be a row number (digits)`);
  return Number(raw);
}

/**
 * The quarantine page's parameters: range, from, to and tz exactly as the explorer reads them
 * (parseView), then key, event, error, before or after, and size. What cannot be accepted is a
 * BadRequestError (the page answers 400), never a filter quietly dropped.
 */
export function parseQuarantineView(p: Params, now = new Date()): QuarantineView {
  const view = parseView({ range: p.range, from: p.from, to: p.to, tz: p.tz }, now);
  const before = seq(p, "before");
  const after = seq(p, "after");
  if (before !== undefined && after !== undefined)
    throw new BadRequestError("give before (older rows) or after (newer rows), not both");
  const key = one(p, "key", FILTER_LIMITS.valueChars);
  const eventId = one(p, "event", FILTER_LIMITS.valueChars);
  const error = one(p, "error", FILTER_LIMITS.textChars);
  return {
    view,
    size: parsePageSize(p),
    ...(key ? { key } : {}),
    ...(eventId ? { eventId } : {}),
    ...(error ? { error } : {}),
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}

/** Query string of a quarantine view without its cursor, with overrides (null removes a key). */
export function quarantineQuery(
  q: QuarantineView,
  over: Partial<Record<string, string | null>> = {},
): string {
  const params = new URLSearchParams(viewQuery(q.view));
  const own: Record<string, string | null | undefined> = {
    key: q.key,
    event: q.eventId,
    error: q.error,
    size: q.size === 50 ? undefined : String(q.size),
    ...over,
  };
  for (const [k, v] of Object.entries(own)) {
    if (v === null || v === undefined) params.delete(k);
    else params.set(k, v);
  }
  return params.toString();
}
