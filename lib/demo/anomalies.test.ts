import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventV1Schema } from "../core/contract";
import { RULE_IDS } from "../detect/types";
import { generateWithAnomalies, recordedDrill } from "./anomalies";
import { generateEvents } from "./generate";

const DAY = 86_400_000;
const to = new Date("2026-11-20T09:30:00Z");
const from = new Date(to.getTime() - 14 * DAY);

describe("demo traffic without --anomalies", () => {
  it("is exactly what it was before the anomaly demo existed (digests taken before the change)", () => {
    const digest = (seed: number, tenant: string, count: number) =>
      createHash("sha256")
        .update(
          JSON.stringify(
            generateEvents({
              seed,
              tenant,
              from: new Date("2026-03-01T00:00:00Z"),
              to: new Date("2026-03-08T00:00:00Z"),
              count,
            }),
          ),
        )
        .digest("hex");
    expect(digest(7, "acme", 5000)).toBe(
      "8a630f4a18ec0eb3c0cfefa65daa493007c9d0be258e98831aa317503e8d246c",
    );
    expect(digest(1, "globex", 3000)).toBe(
      "0f9fee3449984b33158c80258c2292d989f7c67bbd4a1fa15a4da27fbaf37cc6",
    );
  });
});

describe("demo traffic with --anomalies", () => {
  const demo = generateWithAnomalies({ seed: 3, tenant: "acme", from, to, count: 14 * 600 });
  const injected = demo.truth.filter((t) => t.source !== "background");

  it("injects at least one labelled anomaly of every rule", () => {
    expect(new Set(injected.map((t) => t.rule))).toEqual(new Set(RULE_IDS));
  });

  it("labels each with its rule, subject, group key, window and the events that make it", () => {
    const ids = new Set(demo.events.map((e) => e.id));
    for (const t of demo.truth) {
      expect(t.id).toMatch(/^T\d{2}$/);
      expect(t.groupKey.startsWith(`${t.rule}|${t.subject.kind}|${t.subject.key}`)).toBe(true);
      expect(Date.parse(t.window.from)).toBeLessThanOrEqual(Date.parse(t.window.to));
      expect(Date.parse(t.window.to)).toBeLessThanOrEqual(to.getTime());
      // Injected after a week of learning; the background's secrets are anywhere.
      if (t.source !== "background")
        expect(Date.parse(t.window.from)).toBeGreaterThanOrEqual(from.getTime() + 7 * DAY);
      for (const id of t.events) expect(ids.has(id)).toBe(true);
      // Only the silence and the drill have no events of their own.
      if (t.rule !== "telemetry_gap" && t.rule !== "integrity_failure")
        expect(t.events.length).toBeGreaterThan(0);
    }
    expect(new Set(demo.truth.map((t) => t.id)).size).toBe(demo.truth.length);
  });

  it("produces valid, uniquely identified, time-ordered events in range, the same for a seed", () => {
    for (const e of demo.events) expect(eventV1Schema.safeParse(e).success).toBe(true);
    expect(new Set(demo.events.map((e) => e.id)).size).toBe(demo.events.length);
    const times = demo.events.map((e) => Date.parse(e.time as string));
    expect(
      times.every(
        (t, i) =>
          t >= from.getTime() && t < to.getTime() && (i === 0 || t >= (times[i - 1] as number)),
      ),
    ).toBe(true);
    const again = generateWithAnomalies({ seed: 3, tenant: "acme", from, to, count: 14 * 600 });
    expect(again.truth).toEqual(demo.truth);
    expect(again.events.map((e) => e.id)).toEqual(demo.events.map((e) => e.id));
  });

  it("leaves the metrics server silent for the gap, and labels the background's pasted secrets", () => {
    const gap = demo.truth.find((t) => t.rule === "telemetry_gap");
    const inGap = demo.events.filter(
      (e) =>
        e.server.name === "metrics" &&
        Date.parse(e.time as string) >= Date.parse(gap?.window.from ?? "") &&
        Date.parse(e.time as string) < Date.parse(gap?.window.to ?? ""),
    );
    expect(inGap).toEqual([]);
    expect(Date.parse(gap?.window.to ?? "") - Date.parse(gap?.window.from ?? "")).toBe(
      3 * 3_600_000,
    );
    const background = demo.truth.filter((t) => t.source === "background");
    expect(background.length).toBeGreaterThan(0);
    for (const t of background) expect(t.rule).toBe("sensitive_data");
  });

  it("sets the drill's window when it is recorded, and refuses too short a demo", () => {
    const at = new Date("2026-11-20T10:00:00Z");
    const after = recordedDrill(demo.truth, at, at);
    expect(after.find((t) => t.rule === "integrity_failure")?.window).toEqual({
      from: at.toISOString(),
      to: at.toISOString(),
    });
    expect(() =>
      generateWithAnomalies({
        seed: 1,
        tenant: "acme",
        from: new Date(to.getTime() - 13 * DAY),
        to,
        count: 10,
      }),
    ).toThrow(/at least 14 days/);
  });
});
