import type { TenantStore } from "../../db/store/types";
import { evaluateTenant } from "../../lib/detect/engine";
import type { WindowLimits } from "../../lib/detect/window";

export type LoopFigures = {
  steps: number;
  windows: number;
  events: number;
  wallMs: number;
  /** This process's CPU (user + system): the evaluator, and PGlite when the store is embedded. */
  cpuMs: number;
  /** Flags written by the windows: created, extended, ended. */
  flags: { created: number; updated: number; ended: number };
  /** Flags created per rule. */
  byRule: Record<string, number>;
};

/**
 * Runs the engine as the scheduler does (steps until caught up) at a simulated `now`, and
 * measures it. The engine reads the clock only through `now`, so history can be replayed.
 */
export async function catchUp(
  data: TenantStore,
  now: Date,
  limits?: Partial<Omit<WindowLimits, "maxEvents">>,
  profile?: Record<string, number>,
): Promise<LoopFigures> {
  const f: LoopFigures = {
    steps: 0,
    windows: 0,
    events: 0,
    wallMs: 0,
    cpuMs: 0,
    flags: { created: 0, updated: 0, ended: 0 },
    byRule: {},
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (;;) {
    const r = await evaluateTenant({
      data,
      now,
      ...(limits ? { limits } : {}),
      ...(profile ? { profile } : {}),
    });
    f.steps++;
    if (r.kind === "window") f.windows++;
    f.events += r.events;
    f.flags.created += r.created.length;
    for (const c of r.created) f.byRule[c.rule] = (f.byRule[c.rule] ?? 0) + 1;
    f.flags.updated += r.updated.length;
    f.flags.ended += r.ended.length;
    if (r.errors.length > 0)
      throw new Error(`rule errors: ${r.errors.map((e) => `${e.rule}: ${e.message}`).join("; ")}`);
    if (r.caughtUp) break;
  }
  f.wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  f.cpuMs = (cpu.user + cpu.system) / 1000;
  return f;
}

/** Reads the same windows' events with no rules: the raw cost every evaluation pays. */
export async function readOnly(
  data: TenantStore,
  from: Date,
  to: Date,
): Promise<{ events: number; cpuMs: number; wallMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let events = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await data.listEvents({
      from,
      to,
      order: "asc",
      limit: 2000,
      ...(cursor ? { cursor } : {}),
    });
    events += page.events.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const cpu = process.cpuUsage(cpu0);
  return { events, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 };
}
