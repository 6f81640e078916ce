/**
 * Chart colours. Every one has at least 3:1 contrast against the page and panel backgrounds of
 * app/globals.css (WCAG 2.1 AA, 1.4.11 non-text contrast; colors.test.ts computes it), and a
 * series gets its colour from its key, never from its position: an outcome, a severity or a
 * policy is drawn in the same colour whatever else the range holds.
 */
export const OUTCOME_COLORS: Record<string, string> = {
  ok: "#2f9e6b",
  error: "#d64545",
  denied: "#b4541a",
  rate_limited: "#8e5bd6",
  invalid: "#be185d",
  timeout: "#6b7785",
  pending_approval: "#2b8fc4",
};

export const SEVERITY_COLORS: Record<string, string> = {
  critical: "#b91c1c",
  high: "#c2410c",
  medium: "#a16207",
  low: "#6b7785",
};

/** For keys that are not known in advance (policies, servers). */
export const PALETTE = [
  "#3156d3",
  "#b4541a",
  "#8e5bd6",
  "#2f9e6b",
  "#d64545",
  "#2b8fc4",
  "#a16207",
  "#be185d",
  "#0f766e",
  "#6b7785",
] as const;

/** The colour of a series that stands for "none" (e.g. denials without a named policy). */
export const NEUTRAL_COLOR = "#6b7785";

/**
 * The colour of a free-form key (a policy, a server), the same in every range and on every
 * page: chosen by a hash of the key (FNV-1a). Two keys can share a colour; the legend and the
 * table name them.
 */
export function seriesColor(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return PALETTE[h % PALETTE.length] ?? PALETTE[0];
}

/** By position: only for lists whose order is itself stable (prefer `seriesColor`). */
export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length] ?? PALETTE[0];
}

/** Every colour a chart may draw a series in, for the contrast test. */
export const ALL_SERIES_COLORS: readonly string[] = [
  ...new Set([
    ...Object.values(OUTCOME_COLORS),
    ...Object.values(SEVERITY_COLORS),
    ...PALETTE,
    NEUTRAL_COLOR,
  ]),
];
