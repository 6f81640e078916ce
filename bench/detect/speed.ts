import type { Store } from "../../db/store/types";
import { catchUp, type LoopFigures, readOnly } from "./engine-loop";

const MINUTE = 60_000;

export type SpeedRun = {
  label: string;
  stored: number;
  backfill: LoopFigures | null;
  /** One-minute windows over the last `minutes` of traffic (the dense segment). */
  steady: LoopFigures;
  minutes: number;
  /** The same windows' events read with no rules (the floor any evaluation pays). */
  raw: { events: number; cpuMs: number; wallMs: number };
};

/**
 * Evaluation cost over a loaded store: detection is enabled `minutes` before the newest event,
 * learns 28 days of history by backfill (unless `backfill` is false), then evaluates the rest in
 * one-minute windows, as `npm start`'s scheduler does once caught up (the loaders put a dense
 * segment there, so windows carry thousands of events and the cost per event shows). The same
 * windows are then read with no rules: the ratio says what the rules and the bookkeeping add.
 */
export async function measureSpeed(o: {
  label: string;
  store: Store;
  stored: number;
  nowMs: number;
  minutes: number;
  backfill: boolean;
}): Promise<SpeedRun> {
  const data = o.store.forTenant("acme");
  const start = new Date(o.nowMs - o.minutes * MINUTE);
  const end = new Date(o.nowMs + MINUTE);
  let backfill: LoopFigures | null = null;
  if (o.backfill) backfill = await catchUp(data, start);
  else {
    // Start the cursor with the backfill already done, so only the windows are measured.
    await data.detection.commitEvaluation({
      expectVersion: null,
      cursor: {
        watermark: new Date(start.getTime() - MINUTE),
        state: {},
        backfilledFrom: new Date(0),
      },
      tallies: [],
      seen: [],
      flags: [],
      history: [],
      now: start,
    });
  }
  const steady = await catchUp(data, end, { maxWindowMs: MINUTE });
  const raw = await readOnly(data, new Date(start.getTime() - MINUTE), new Date(o.nowMs));
  return { label: o.label, stored: o.stored, backfill, steady, minutes: o.minutes, raw };
}
