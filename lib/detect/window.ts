import type { TenantStore } from "../../db/store/types";
import { toDetectEvent } from "./to-detect-event";
import type { DetectEvent } from "./types";

/**
 * Which events one evaluation reads: the window since the watermark, held back by the settle
 * time (events arrive late: a batch spooled at the edge, a gateway flushing every few seconds),
 * capped in length and in events so one call stays bounded however far behind the tenant is.
 */

/** Events younger than this are left for the next evaluation. */
export const SETTLE_MS = 60_000;
/** The longest window one evaluation covers (a tenant catching up takes several calls). */
export const MAX_WINDOW_MS = 3_600_000;
/** Events one evaluation reads at most (more only when they share one millisecond). */
export const MAX_EVENTS = 20_000;
const PAGE = 2_000;

export type WindowLimits = { settleMs: number; maxWindowMs: number; maxEvents: number };

export const DEFAULT_LIMITS: WindowLimits = {
  settleMs: SETTLE_MS,
  maxWindowMs: MAX_WINDOW_MS,
  maxEvents: MAX_EVENTS,
};

/** [from, to) of the next window, before the event cap; to <= from means nothing to evaluate. */
export function windowBounds(
  watermark: number,
  now: number,
  limits: Pick<WindowLimits, "settleMs" | "maxWindowMs">,
): { from: number; to: number } {
  return { from: watermark, to: Math.min(now - limits.settleMs, watermark + limits.maxWindowMs) };
}

export type ReadWindow = {
  from: number;
  /** Where the window really ends: `to` as asked, or earlier when the event cap cut it. */
  to: number;
  events: DetectEvent[];
};

/**
 * The events of [from, to), oldest first (time, then id: the order every store gives), at most
 * `maxEvents`. When the cap cuts the window it ends before the millisecond of the last event
 * read, so that millisecond is read whole next time (the watermark is a time, not an event);
 * only when one millisecond alone holds more than the cap is it read past the cap.
 */
export async function readWindow(
  data: Pick<TenantStore, "listEvents">,
  from: number,
  to: number,
  maxEvents: number,
): Promise<ReadWindow> {
  const events: DetectEvent[] = [];
  let cursor: string | undefined;
  let more = true;
  while (more) {
    const page = await data.listEvents({
      from: new Date(from),
      to: new Date(to),
      order: "asc",
      // A page never much larger than the cap, so a small cap cuts small windows too.
      limit: Math.min(PAGE, maxEvents + 1),
      ...(cursor ? { cursor } : {}),
    });
    for (const e of page.events) events.push(toDetectEvent(e));
    cursor = page.nextCursor ?? undefined;
    more = cursor !== undefined;
    if (more && events.length >= maxEvents) {
      const last = (events.at(-1) as DetectEvent).time;
      const cut = events.findIndex((e) => e.time === last);
      // cut 0: one millisecond holds every event read so far; read on until the time changes.
      if (cut > 0) return { from, to: last, events: events.slice(0, cut) };
    }
  }
  return { from, to, events };
}
