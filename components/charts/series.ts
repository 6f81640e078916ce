import { NEUTRAL_COLOR, OUTCOME_COLORS, SEVERITY_COLORS, seriesColor } from "./colors";

export type Series = { key: string; label: string; color: string };

/** Outcomes in the order given, each in its own colour. */
export function outcomeSeries(outcomes: readonly string[]): Series[] {
  return outcomes.map((o) => ({
    key: o,
    label: o.replace("_", " "),
    color: OUTCOME_COLORS[o] ?? seriesColor(o),
  }));
}

/** Severities in the order given, each in its own colour. */
export function severitySeries(severities: readonly string[]): Series[] {
  return severities.map((s) => ({ key: s, label: s, color: SEVERITY_COLORS[s] ?? seriesColor(s) }));
}

/**
 * Policies as they come in a range: the colour follows the policy's name, so a policy keeps it
 * when another one appears or disappears in a different range. `none` is the key of denials
 * that named no policy.
 */
export function policySeries(policies: readonly string[], none: string): Series[] {
  return policies.map((p) =>
    p === none
      ? { key: p, label: "no policy named", color: NEUTRAL_COLOR }
      : { key: p, label: p, color: seriesColor(p) },
  );
}
