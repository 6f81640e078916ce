import type { FlagRecord } from "../../db/store/detection-types";
import type { GroundTruth } from "../../lib/demo/anomalies";

/**
 * Scores flags against the anomaly demo's ground truth. A truth entry is recalled when a flag of
 * its rule and group key overlaps its window (with `slackMs` either side: hourly rules report the
 * hour, bursts the minutes). A flag is a true positive when it matches an entry, or one of the
 * entries' `also` (other flags the same events legitimately raise); any other flag is a false
 * positive, even when the demo's background traffic arguably earned it.
 */
export type RuleScore = {
  rule: string;
  truth: number;
  recalled: number;
  flags: number;
  truePositives: number;
  missed: string[];
  falsePositives: string[];
};

const overlaps = (f: FlagRecord, from: number, to: number, slack: number) =>
  f.start.getTime() <= to + slack && f.end.getTime() >= from - slack;

export function scoreFlags(
  flags: readonly FlagRecord[],
  truth: readonly GroundTruth[],
  slackMs = 3_600_000,
): RuleScore[] {
  const byRule = new Map<string, RuleScore>();
  const score = (rule: string): RuleScore => {
    let s = byRule.get(rule);
    if (!s) {
      s = {
        rule,
        truth: 0,
        recalled: 0,
        flags: 0,
        truePositives: 0,
        missed: [],
        falsePositives: [],
      };
      byRule.set(rule, s);
    }
    return s;
  };
  const windows = truth.map((t) => ({
    t,
    from: Date.parse(t.window.from),
    to: Date.parse(t.window.to),
  }));
  for (const { t, from, to } of windows) {
    const s = score(t.rule);
    s.truth++;
    const hit = flags.some(
      (f) => f.rule === t.rule && f.groupKey === t.groupKey && overlaps(f, from, to, slackMs),
    );
    if (hit) s.recalled++;
    else s.missed.push(`${t.id} ${t.groupKey} ${t.window.from}`);
  }
  for (const f of flags) {
    const s = score(f.rule);
    s.flags++;
    const expected = windows.some(
      ({ t, from, to }) =>
        overlaps(f, from, to, slackMs) &&
        ((t.rule === f.rule && t.groupKey === f.groupKey) ||
          t.also.some((a) => a.rule === f.rule && a.groupKey === f.groupKey)),
    );
    if (expected) s.truePositives++;
    else s.falsePositives.push(`${f.groupKey} ${f.start.toISOString()} ${f.sentence}`);
  }
  return [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule));
}

export function ratio(n: number, d: number): string {
  return d === 0 ? "–" : (n / d).toFixed(2);
}
