import type { Store } from "../../db/store/types";
import { catchUp, type LoopFigures, readOnly } from "./engine-loop";

const MINUTE = 60_000;

export type SpeedRun = {
  label: string;
  stored: number;
  /** The documented ingest rate the traffic was generated at (events/s). */
  rate: number;
  backfill: LoopFigures | null;
  /** The windows over the traffic segment, as the scheduler takes them at that rate. */
  steady: LoopFigures;
  /** CPU milliseconds per phase over the steady windows (lib/detect/engine.ts's profile). */
  phases: Record<string, number>;
  /** The same events read with no rules (the floor any evaluation pays), in the same run. */
  raw: { events: number; cpuMs: number; wallMs: number };
  /** CPU of the database server over the steady windows, when it is another process. */
  serverCpuMs: number | null;
  /** The rules' state as committed after the last window: JSON characters per key. */
  stateChars: Record<string, number>;
};

/**
 * Evaluation cost over a store that already holds history, fed traffic at a documented ingest
 * rate: detection is enabled just before the traffic segment, learns 28 days of history by
 * backfill (unless `backfill` is false), then evaluates the segment as the scheduler does, in
 * windows of at most a minute and of the engine's event cap (at thousands of events a second, a
 * minute of traffic is several capped windows). The CPU this costs, over the seconds of traffic
 * evaluated at the rate, is the share of a core that keeping up takes. The same events are then
 * read with no rules: the ratio says what the rules and the bookkeeping add.
 */
export async function measureSpeed(o: {
  label: string;
  store: Store;
  stored: number;
  rate: number;
  /** Where the traffic segment begins and ends (epoch ms). */
  from: number;
  to: number;
  backfill: boolean;
  serverCpuMs?: () => number;
}): Promise<SpeedRun> {
  const data = o.store.forTenant("acme");
  const start = new Date(o.from);
  const end = new Date(o.to + MINUTE);
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
  const phases: Record<string, number> = {};
  const server0 = o.serverCpuMs?.() ?? null;
  const steady = await catchUp(data, end, { maxWindowMs: MINUTE }, phases);
  const serverCpuMs = server0 === null ? null : (o.serverCpuMs?.() ?? server0) - server0;
  const state = (await data.detection.getCursor())?.state ?? {};
  const stateChars = Object.fromEntries(
    Object.entries(state).map(([k, v]) => [k, JSON.stringify(v).length]),
  );
  const raw = await readOnly(data, new Date(start.getTime() - MINUTE), new Date(o.to));
  return {
    label: o.label,
    stored: o.stored,
    rate: o.rate,
    backfill,
    steady,
    phases,
    raw,
    serverCpuMs,
    stateChars,
  };
}
