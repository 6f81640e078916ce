import type { DetectCursor, DetectionStore } from "../../db/store/detection-types";
import type { TenantStore } from "../../db/store/types";
import { LOOKBACK_MS } from "./baselines";
import { DAY, HOUR, hourStart } from "./stats";
import { TallyBook } from "./tallies";
import { readWindow } from "./window";

/**
 * Learning, not guessing: the first evaluation of a tenant starts at "now", and the stored
 * history before it (four weeks at most) is folded into the tallies and first/last seen without
 * running any rule, so every rule has a baseline at once instead of weeks later. Tallies are kept
 * for every event whatever rules are enabled, so a rule enabled later finds its baseline there
 * and needs no backfill of its own. The history is folded backwards from the starting watermark
 * in chunks of a day (smaller when a day holds more than the event cap), one commit each under
 * the cursor's lock, so it resumes where it stopped and never counts a chunk twice.
 */

/** Chunk lengths tried in turn until one holds at most the event cap (an hour is folded anyway). */
const SPANS = [DAY, 6 * HOUR, HOUR];

export type BackfillData = Pick<TenantStore, "listEvents" | "countEvents"> & {
  readonly detection: Pick<DetectionStore, "commitEvaluation">;
};

export type BackfillStep = {
  /** The chunk folded, or null when there was nothing before it. */
  chunk: { from: number; to: number } | null;
  events: number;
  /** Where history is folded from after this step. */
  backfilledFrom: number;
  done: boolean;
  /** False: another evaluator committed first (nothing was changed). */
  committed: boolean;
};

/**
 * Where in the cursor's state the engine keeps when the tenant's history begins: the start, moved
 * back to the oldest event backfill folds. Rules read it as `learningSince`, so a new tenant with
 * no history is learning, not "four weeks in" because backfill found nothing to fold.
 */
export const SINCE_KEY = "engine:since";

export function learningSince(cursor: DetectCursor): number {
  const since = cursor.state[SINCE_KEY];
  return typeof since === "number" ? since : (cursor.backfilledFrom ?? cursor.watermark).getTime();
}

/** Where backfill stops: four weeks before now. */
export function backfillTarget(now: number): number {
  return now - LOOKBACK_MS;
}

export function backfillPending(cursor: DetectCursor, now: number): boolean {
  const from = (cursor.backfilledFrom ?? cursor.watermark).getTime();
  return from > backfillTarget(now);
}

export async function backfillStep(
  data: BackfillData,
  cursor: DetectCursor,
  now: Date,
  maxEvents: number,
): Promise<BackfillStep> {
  const to = (cursor.backfilledFrom ?? cursor.watermark).getTime();
  const target = backfillTarget(now.getTime());
  // Nothing stored before: done in one step (a new tenant, or history already trimmed).
  const older = await data.countEvents({ from: new Date(target), to: new Date(to) });
  let from = target;
  if (older > 0) {
    // Chunks start on an hour, so an hour's distinct values (actor_distinct) are counted once.
    for (const span of SPANS) {
      from = Math.max(target, hourStart(to - span));
      const n = await data.countEvents({ from: new Date(from), to: new Date(to) });
      if (n <= maxEvents) break;
    }
  }
  // A chunk is folded whole (the cursor says "from here on"): an hour over the cap is read past it.
  const window = older > 0 ? await readWindow(data, from, to, Number.MAX_SAFE_INTEGER) : null;
  const book = new TallyBook();
  for (const e of window?.events ?? []) book.add(e);
  const oldest = window?.events[0]?.time;
  const since = Math.min(learningSince(cursor), oldest ?? Number.POSITIVE_INFINITY);
  const committed = await data.detection.commitEvaluation({
    expectVersion: cursor.version,
    cursor: {
      watermark: cursor.watermark,
      state: { ...cursor.state, [SINCE_KEY]: since },
      backfilledFrom: new Date(from),
    },
    tallies: book.tallies(),
    seen: book.seen(),
    flags: [],
    history: [],
    now,
  });
  return {
    chunk: window ? { from, to } : null,
    events: window?.events.length ?? 0,
    backfilledFrom: from,
    done: from <= target,
    committed,
  };
}
