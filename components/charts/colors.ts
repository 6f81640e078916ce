export const OUTCOME_COLORS: Record<string, string> = {
  ok: "#2f9e6b",
  error: "#d64545",
  denied: "#e07b2e",
  rate_limited: "#8e5bd6",
  invalid: "#c7a008",
  timeout: "#6b7785",
  pending_approval: "#2b8fc4",
};

const PALETTE = [
  "#3156d3",
  "#e07b2e",
  "#8e5bd6",
  "#2f9e6b",
  "#d64545",
  "#2b8fc4",
  "#c7a008",
  "#6b7785",
];

export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length] ?? "#3156d3";
}
