import type { Store } from "../../db/store/types";
import { catchUp, type LoopFigures, readOnly } from "./engine-loop";

const HOUR = 3_600_000;

export type SpeedRun = {
  label: string;
  stored: number;
  backfill: LoopFigures | null;
  /** Steady state: one-minute windows over the last `hours` of traffic. */
  steady: LoopFigures;
  hours: number;
  /** The same windows' events read with no rules (the floor any evaluation pays). */
  raw: { events: number; cpuMs: number; wallMs: number };
};

/**
 * Evaluation cost over a loaded store: detection is enabled `hours` before the newest event,
 * learns 28 days of history by backfill (unless `backfill` is false), then evaluates the rest in
 * one-minute windows, as `npm start`'s scheduler does once caught up. The same windows are then
 * read with no rules: the ratio says what the rules and the engine's bookkeeping add.
 */
export async function measureSpeed(o: {
  label: string;
  store: Store;
  stored: number;
  nowMs: number;
  hours: number;
  backfill: boolean;
}): Promise<SpeedRun> {
  const data = o.store.forTenant("acme");
  const start = new Date(o.nowMs - o.hours * HOUR);
  const end = new Date(o.nowMs + 60_000);
  let backfill: LoopFigures | null = null;
  if (o.backfill) backfill = await catchUp(data, start);
  else {
    // Start the cursor with the backfill already done, so only the windows are measured.
    await data.detection.commitEvaluation({
      expectVersion: null,
      cursor: {
        watermark: new Date(start.getTime() - 60_000),
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
  const steady = await catchUp(data, end, { maxWindowMs: 60_000 });
  const raw = await readOnly(data, new Date(start.getTime() - 60_000), new Date(o.nowMs));
  return { label: o.label, stored: o.stored, backfill, steady, hours: o.hours, raw };
}
