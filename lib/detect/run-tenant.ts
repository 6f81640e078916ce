import type { TenantStore } from "../../db/store/types";
import { LOOKBACK_MS } from "./baselines";
import { type EvaluateOptions, evaluateTenant } from "./engine";
import { PREVIEW_MAX_DAYS } from "./preview";
import { DAY, hourStart } from "./stats";

/**
 * A tenant's detection brought up to date: engine steps until it has caught up (or `maxSteps`
 * were taken, so one tenant far behind does not hold up the others; the next pass goes on), with
 * the notifications of each window queued in its commit (the worker sends them).
 */

/**
 * Tallies older than this are deleted: the rules' lookback, plus the days a preview replays
 * (each of which needs its own lookback), plus a day.
 */
export const TALLY_KEEP_MS = LOOKBACK_MS + PREVIEW_MAX_DAYS * DAY + DAY;

export type TenantRun = {
  tenant: string;
  /** The evaluated range, from the first window's start to the last one's end (null: none). */
  window: { from: string; to: string } | null;
  events: number;
  created: number;
  updated: number;
  ended: number;
  /** History folded this run (learning). */
  backfilled: number;
  /** Deliveries queued for created and escalated flags. */
  notifications: number;
  errors: { rule: string; message: string }[];
  caughtUp: boolean;
};

export type RunTenantOptions = Omit<EvaluateOptions, "data" | "now"> & {
  data: TenantStore;
  now: () => Date;
  maxSteps?: number;
  /** Asked between steps: true ends the run early (the server is stopping). */
  stop?: () => boolean;
};

export async function detectTenant(opts: RunTenantOptions): Promise<TenantRun> {
  const run: TenantRun = {
    tenant: opts.data.tenantId,
    window: null,
    events: 0,
    created: 0,
    updated: 0,
    ended: 0,
    backfilled: 0,
    notifications: 0,
    errors: [],
    caughtUp: false,
  };
  const errors = new Map<string, string>();
  const maxSteps = opts.maxSteps ?? 1000;
  for (let i = 0; i < maxSteps && !run.caughtUp && !opts.stop?.(); i++) {
    const now = opts.now();
    const { data, maxSteps: _m, stop: _s, now: _n, ...engine } = opts;
    const r = await evaluateTenant({ ...engine, data, now });
    run.caughtUp = r.caughtUp;
    for (const e of r.errors) errors.set(e.rule, e.message);
    if (r.kind === "backfill") run.backfilled += r.events;
    if (r.kind !== "window" || !r.window) continue;
    run.window = {
      from: run.window?.from ?? r.window.from.toISOString(),
      to: r.window.to.toISOString(),
    };
    run.events += r.events;
    run.created += r.created.length;
    run.updated += r.updated.length;
    run.ended += r.ended.length;
    // Once an hour (when a window crosses one), the oldest hour of tallies goes.
    const to = r.window.to.getTime();
    if (hourStart(r.window.from.getTime()) !== hourStart(to))
      await opts.data.detection.pruneHourly(new Date(hourStart(to) - TALLY_KEEP_MS));
    run.notifications += r.queued;
  }
  run.errors = [...errors].map(([rule, message]) => ({ rule, message }));
  return run;
}
