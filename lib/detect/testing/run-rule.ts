import type { DetectEvent, Finding, Rule } from "../types";
import { MemoryTallies } from "./memory-baselines";

/**
 * Runs a rule the way the engine does: the stream cut into windows of `windowMs` over
 * [from, to), each window's events fed once, the state persisted as JSON between windows (a
 * round trip, so a Map or a Date in state fails here), baselines built from `history` and every
 * event before the window.
 */
export type RunOptions<P> = {
  events: readonly DetectEvent[];
  /** Events before the stream (the learned history). */
  history?: readonly DetectEvent[];
  params?: Partial<P>;
  allow?: readonly string[];
  /** Default: one minute. */
  windowMs?: number;
  /** Default: the minute of the first event. */
  from?: number;
  /** Default: the minute after the last event. */
  to?: number;
  /** Default: the first history event's time, else `from`. */
  learningSince?: number;
};

export type RunResult<S> = { findings: Finding[]; state: S; windows: number };

export function runRule<P, S>(rule: Rule<P, S>, opts: RunOptions<P>): RunResult<S> {
  const history = opts.history ?? [];
  const all = [...history, ...opts.events].sort((a, b) => a.time - b.time);
  const first = opts.events[0]?.time ?? 0;
  const last = opts.events.at(-1)?.time ?? first;
  const from = opts.from ?? Math.floor(first / 60_000) * 60_000;
  const to = opts.to ?? Math.floor(last / 60_000) * 60_000 + 60_000;
  const windowMs = opts.windowMs ?? 60_000;
  const learningSince = opts.learningSince ?? history[0]?.time ?? from;
  const params = rule.params.parse(opts.params ?? {});
  const allow = new Set(opts.allow ?? []);
  let state = rule.initialState();
  const findings: Finding[] = [];
  let windows = 0;
  const tallies = new MemoryTallies();
  let next = 0;
  for (let w = from; w < to; w += windowMs) {
    const window = { from: w, to: Math.min(w + windowMs, to) };
    const start = next;
    while (next < all.length && (all[next]?.time ?? 0) < window.from) next += 1;
    tallies.add(all.slice(start, next));
    const events = opts.events.filter((e) => e.time >= window.from && e.time < window.to);
    const baselines = tallies.baselines(learningSince);
    const out = rule.evaluate({ events, state, params, allow, baselines, window });
    findings.push(...out.findings);
    state = JSON.parse(JSON.stringify(out.state)) as S;
    windows += 1;
  }
  return { findings, state, windows };
}

/**
 * Findings folded per group key as the engine folds them into episodes: the first start, the
 * last end, the latest figures and sentence, the evidence ids united (at most 100). Comparing
 * folds shows that cutting the stream into windows does not change what is flagged.
 */
export function foldFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const prev = byKey.get(f.groupKey);
    if (prev === undefined) {
      byKey.set(f.groupKey, { ...f, evidence: f.evidence.slice(0, 100) });
      continue;
    }
    const evidence = [...new Set([...prev.evidence, ...f.evidence])].slice(0, 100);
    byKey.set(f.groupKey, { ...f, start: Math.min(prev.start, f.start), evidence });
  }
  return [...byKey.values()].sort((a, b) => a.groupKey.localeCompare(b.groupKey));
}
