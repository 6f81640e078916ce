import type { FlagRecord } from "../../db/store/detection-types";
import { learningSince } from "./backfill";
import { emptyKeys, History, hasMisses, LOOKBACK_MS } from "./baselines";
import type { EngineData } from "./engine";
import { foldEpisodes } from "./episodes";
import { DAY, HOUR, hourStart } from "./stats";
import { SEP, TallyBook } from "./tallies";
import type { Finding, Rule, SubjectKind } from "./types";
import { readWindow, SETTLE_MS } from "./window";

/**
 * What a rule would have raised: it is replayed over the tenant's past days, an hour at a time,
 * with fresh state, against the stored tallies as they stood before each hour, and its findings
 * folded into episodes as the engine folds them. Nothing is stored. Suppressions are not applied
 * (the preview shows the rule, not today's triage).
 */

export const PREVIEW_MAX_DAYS = 14;

export type PreviewDay = { day: string; flags: number; bySeverity: Record<string, number> };
export type PreviewFlag = Pick<
  FlagRecord,
  "subjectKind" | "subjectKey" | "subjectLabel" | "severity" | "sentence" | "observed" | "baseline"
> & { start: string; end: string };
export type Preview = {
  rule: string;
  from: string;
  to: string;
  /** One entry per UTC day of the range, oldest first: episodes that started that day. */
  days: PreviewDay[];
  total: number;
  /** The first flags, for a look at what they say. */
  sample: PreviewFlag[];
};

const SAMPLE = 20;

export async function previewRule<P, S>(args: {
  data: EngineData;
  rule: Rule<P, S>;
  /** Parameters as the settings form holds them (parsed by the rule's schema). */
  params: unknown;
  allow?: readonly string[];
  days: number;
  now: Date;
}): Promise<Preview> {
  const { data, rule } = args;
  const params = rule.params.parse(args.params ?? {});
  const days = Math.max(1, Math.min(PREVIEW_MAX_DAYS, Math.floor(args.days)));
  const to = args.now.getTime() - SETTLE_MS;
  const from = hourStart(to - days * DAY);
  const cursor = await data.detection.getCursor();
  const since = cursor ? learningSince(cursor) : from;
  const history = new History(data.detection, from - LOOKBACK_MS, to);
  const lastSeen = new Map<string, number>();
  const allow = new Set(args.allow ?? []);
  const rules = new Map([
    [rule.id, { version: rule.version, params: params as Record<string, unknown> }],
  ]);
  let state = rule.initialState();
  let active: FlagRecord[] = [];
  const created: FlagRecord[] = [];
  let n = 0;
  for (let w = from; w < to; w = hourStart(w) + HOUR) {
    const win = await readWindow(
      data,
      w,
      Math.min(hourStart(w) + HOUR, to),
      Number.MAX_SAFE_INTEGER,
    );
    const book = new TallyBook();
    for (const e of win.events) book.add(e);
    const asOf = {
      time: win.from,
      replayFrom: from,
      recentLast: (kind: SubjectKind, key: string) => lastSeen.get(`${kind}${SEP}${key}`),
    };
    await history.load(book.historyKeys());
    const run = () => {
      const misses = emptyKeys();
      const out = rule.evaluate({
        events: win.events,
        state: structuredClone(state),
        params,
        allow,
        baselines: history.view(since, misses, asOf),
        window: { from: win.from, to: win.to },
      });
      return { out, misses };
    };
    let { out, misses } = run();
    if (hasMisses(misses)) {
      await history.load(misses);
      ({ out } = run());
    }
    state = out.state;
    const fold = foldEpisodes({
      active,
      findings: out.findings.filter((f: Finding) => f.rule === rule.id),
      rules,
      to: win.to,
      now: new Date(win.to),
      newId: () => `preview-${++n}`,
    });
    const ended = new Set(fold.ended.map((f) => f.id));
    const changed = new Map([...fold.created, ...fold.updated].map((f) => [f.id, f]));
    active = [
      ...active.filter((f) => !ended.has(f.id)).map((f) => changed.get(f.id) ?? f),
      ...fold.created,
    ];
    created.push(...fold.created);
    for (const s of book.seen()) lastSeen.set(`${s.kind}${SEP}${s.key}`, s.last.getTime());
  }
  // Figures as each episode ended up (the active list holds the latest of those still running).
  const latest = new Map(active.map((f) => [f.id, f]));
  const flags = created.map((f) => latest.get(f.id) ?? f);
  return {
    rule: rule.id,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    days: perDay(flags, from, to),
    total: flags.length,
    sample: flags.slice(0, SAMPLE).map((f) => ({
      subjectKind: f.subjectKind,
      subjectKey: f.subjectKey,
      subjectLabel: f.subjectLabel,
      severity: f.severity,
      sentence: f.sentence,
      observed: f.observed,
      baseline: f.baseline,
      start: f.start.toISOString(),
      end: f.end.toISOString(),
    })),
  };
}

function perDay(flags: readonly FlagRecord[], from: number, to: number): PreviewDay[] {
  const days = new Map<string, PreviewDay>();
  for (let d = Math.floor(from / DAY) * DAY; d < to; d += DAY) {
    const day = new Date(d).toISOString().slice(0, 10);
    days.set(day, { day, flags: 0, bySeverity: {} });
  }
  for (const f of flags) {
    const d = days.get(f.start.toISOString().slice(0, 10));
    if (!d) continue;
    d.flags += 1;
    d.bySeverity[f.severity] = (d.bySeverity[f.severity] ?? 0) + 1;
  }
  return [...days.values()];
}
