import { parseEventTime, TIME_WINDOW } from "../core/contract";
import { BadRequestError } from "./bad-request";

const HOUR_MS = 3_600_000;
const DAY_S = 86_400;

/** What a `from` or `to` in a URL may be; the message of a refused one says so. */
export const ACCEPTED_TIMES =
  "a date or date and time from 1970-01-01 to 9999-12-31: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]], in UTC unless it ends in Z or ±HH:MM";

const EARLIEST_YEAR = 1970;
const LATEST_YEAR = 9999;
const FORM = /^(\d{4})-\d{2}-\d{2}(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * A time from the URL: ISO 8601 of a date or a date and time, zone optional (datetime-local
 * inputs send none, and the toolbar labels them UTC), strictly calendar-checked (2026-02-30 is
 * refused, not rolled into March), years 1970 to 9999. Anything else is a BadRequestError.
 */
export function parseTimeParam(name: string, raw: string): Date {
  const m = FORM.exec(raw);
  const year = Number(m?.[1]);
  if (!m || year < EARLIEST_YEAR || year > LATEST_YEAR)
    throw new BadRequestError(`${name} must be ${ACCEPTED_TIMES}`);
  const [, , hm, secs, zone] = m;
  const rfc3339 = hm
    ? `${raw.slice(0, 10)}T${hm}${secs ?? ":00"}${zone ?? "Z"}`
    : `${raw}T00:00:00Z`;
  const ms = parseEventTime(rfc3339);
  // A zone offset can still carry 1970-01-01T00:30+01:00 before the epoch.
  if (ms === undefined || ms < 0) throw new BadRequestError(`${name} must be ${ACCEPTED_TIMES}`);
  return new Date(ms);
}

/** The times events can have, in words (lib/contract TIME_WINDOW). */
export const STORABLE_TIMES = `events are stored with times from ${new Date(TIME_WINDOW.minEpochMs).toISOString().slice(0, 10)} to ${TIME_WINDOW.maxFutureMs / HOUR_MS} h after they are received`;

/**
 * The times a stored event can have: the event contract refuses times before 2000-01-01 or more
 * than 24 h after receipt (lib/contract TIME_WINDOW), so a range clamped to this window loses
 * nothing. The end is rounded up to a whole hour, so rollups answer it and links stay stable.
 */
export function storableWindow(now: Date): { from: Date; to: Date } {
  const end = Math.ceil((now.getTime() + TIME_WINDOW.maxFutureMs) / HOUR_MS) * HOUR_MS;
  return { from: new Date(TIME_WINDOW.minEpochMs), to: new Date(end) };
}

/**
 * A custom range narrowed to the storable window: a request for ten thousand years reads and
 * draws the years events can be in. A range entirely outside it is a BadRequestError.
 */
export function clampRange(
  from: Date,
  to: Date,
  now: Date,
): { from: Date; to: Date; clamped: boolean } {
  const w = storableWindow(now);
  const lo = Math.max(from.getTime(), w.from.getTime());
  const hi = Math.min(to.getTime(), w.to.getTime());
  if (!(lo < hi))
    throw new BadRequestError(
      `no event can be in this range: ${STORABLE_TIMES} (until ${w.to.toISOString()} now)`,
    );
  return {
    from: new Date(lo),
    to: new Date(hi),
    clamped: lo !== from.getTime() || hi !== to.getTime(),
  };
}

/** Most bars a time chart draws: the bucket width grows with the range so it never has more. */
export const MAX_CHART_BUCKETS = 72;

const NICE_BUCKETS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, DAY_S, 7 * DAY_S];

/**
 * Seconds per chart bucket: the smallest round width (1 min to 7 d) that gives at most
 * MAX_CHART_BUCKETS over the span, beyond that whole days (the daily rollups answer them).
 */
export function chartBucketSeconds(spanSeconds: number): number {
  const nice = NICE_BUCKETS.find((b) => spanSeconds / b <= MAX_CHART_BUCKETS);
  return nice ?? Math.ceil(spanSeconds / MAX_CHART_BUCKETS / DAY_S) * DAY_S;
}

/**
 * Start times (epoch ms) of the buckets covering [from, to), aligned to multiples of the width as
 * the stores group them. Refuses more than a chart can hold rather than allocate without bound.
 */
export function bucketStarts(from: Date, to: Date, seconds: number): number[] {
  const step = seconds * 1000;
  const first = Math.floor(from.getTime() / step) * step;
  const count = Math.max(0, Math.ceil((to.getTime() - first) / step));
  if (count > 4 * MAX_CHART_BUCKETS)
    throw new Error(`${count} buckets of ${seconds} s requested; charts hold at most a few dozen`);
  return Array.from({ length: count }, (_, i) => first + i * step);
}
