import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_SERIES_COLORS, OUTCOME_COLORS, PALETTE, SEVERITY_COLORS, seriesColor } from "./colors";
import { outcomeSeries, policySeries, severitySeries } from "./series";

/** WCAG 2.1 relative luminance and contrast ratio (the definitions, 1.4.3 and 1.4.11). */
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(n >> 16) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The custom properties of :root in app/globals.css, as the page uses them. */
function rootColors(): Record<string, string> {
  const css = readFileSync(join(process.cwd(), "app", "globals.css"), "utf8");
  const root = /:root\s*{([^}]*)}/.exec(css)?.[1] ?? "";
  return Object.fromEntries(
    [...root.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]]),
  );
}

const vars = rootColors();
/** Charts sit on panels, panels on the page background. */
const BACKGROUNDS = { "--panel": vars.panel, "--bg": vars.bg };

describe("chart colours against the page (WCAG AA)", () => {
  it("computes contrast as WCAG defines it", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#777777")).toBe(1);
    // The old "invalid" yellow on white: 2.48, below the bar this test holds colours to.
    expect(contrast("#c7a008", "#ffffff")).toBeCloseTo(2.48, 2);
  });

  it("reads the page and panel backgrounds and the text colours from app/globals.css", () => {
    expect(BACKGROUNDS["--panel"]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(BACKGROUNDS["--bg"]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(vars.text).toMatch(/^#[0-9a-f]{6}$/i);
    expect(vars.muted).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it("draws every series at 3:1 or more against every background", () => {
    const below: string[] = [];
    for (const color of ALL_SERIES_COLORS)
      for (const [name, bg] of Object.entries(BACKGROUNDS)) {
        const ratio = contrast(color, bg as string);
        if (ratio < 3) below.push(`${color} on ${name} ${bg}: ${ratio.toFixed(2)}`);
      }
    expect(below).toEqual([]);
  });

  it("writes legend, table and axis text at 4.5:1 or more against every background", () => {
    // Legend labels and the data table use --text; axis ticks use --muted.
    for (const text of [vars.text, vars.muted] as string[])
      for (const bg of Object.values(BACKGROUNDS))
        expect(contrast(text, bg as string)).toBeGreaterThanOrEqual(4.5);
  });

  it("lists every colour the charts use", () => {
    for (const c of [
      ...Object.values(OUTCOME_COLORS),
      ...Object.values(SEVERITY_COLORS),
      ...PALETTE,
    ])
      expect(ALL_SERIES_COLORS).toContain(c);
  });
});

describe("a series keeps its colour across ranges", () => {
  const colorOf = (series: { key: string; color: string }[], key: string) =>
    series.find((s) => s.key === key)?.color;

  it("colours a policy by its name, whatever other policies a range holds", () => {
    const week = policySeries(["pii-guard", "prod-writes", "(none)", "egress"], "(none)");
    const day = policySeries(["egress", "pii-guard"], "(none)");
    const hour = policySeries(["egress"], "(none)");
    expect(colorOf(day, "egress")).toBe(colorOf(week, "egress"));
    expect(colorOf(hour, "egress")).toBe(colorOf(week, "egress"));
    expect(colorOf(day, "pii-guard")).toBe(colorOf(week, "pii-guard"));
    expect(colorOf(week, "(none)")).toBe("#6b7785");
    // Different names do get different colours (not one colour for all).
    expect(new Set(["a", "b", "c", "d", "e", "f"].map(seriesColor)).size).toBeGreaterThan(2);
  });

  it("colours outcomes and severities by name, whichever are present", () => {
    expect(colorOf(outcomeSeries(["ok", "error", "denied"]), "denied")).toBe(
      colorOf(outcomeSeries(["denied"]), "denied"),
    );
    expect(colorOf(outcomeSeries(["timeout", "ok"]), "ok")).toBe(OUTCOME_COLORS.ok);
    expect(colorOf(severitySeries(["low", "high"]), "high")).toBe(
      colorOf(severitySeries(["critical", "high"]), "high"),
    );
  });
});
