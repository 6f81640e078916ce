import { describe, expect, it } from "vitest";
import { detectEvent, stream } from "../testing/events";
import { runRule } from "../testing/run-rule";
import { enumeration, isResourceLike, MAX_ACTORS, shortHash } from "./enumeration";

const T0 = Date.UTC(2026, 2, 2, 10, 0);
const MIN = 60_000;

/** `n` reads of distinct paths by one actor, `gapMs` apart. */
function crawl(n: number, gapMs: number, actorId = "alice", from = T0) {
  const b = stream(actorId);
  for (let i = 0; i < n; i++)
    b.at(from + i * gapMs, { actorId, argValues: [`/srv/data/${i}.csv`] });
  return b.build();
}

describe("enumeration", () => {
  it("fires on the 200th distinct resource within 10 minutes, with the figures", () => {
    const events = crawl(200, 2000); // 200 paths in 6 min 38 s
    const { findings } = runRule(enumeration, { events });
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f).toMatchObject({
      rule: "enumeration",
      groupKey: "enumeration|actor|alice",
      severity: "medium",
      start: T0,
      end: T0 + 199 * 2000,
      observed: { distinct_resources: 200, minutes: 7 },
      baseline: { threshold: 200, window_minutes: 10 },
    });
    expect(f?.sentence).toBe(
      "alice touched 200 distinct resources (paths, ids, URLs in arguments) within 7 minutes; the threshold is 200 in 10 minutes.",
    );
    expect(f?.evidence).toHaveLength(100);
    expect(f?.evidence.at(-1)).toBe("alice200");
  });

  it("does not fire below the threshold, when spread over more than the window, or on repeats", () => {
    expect(runRule(enumeration, { events: crawl(199, 2000) }).findings).toEqual([]);
    // 200 distinct, but one every 4 s: no 10-minute window holds 200.
    expect(runRule(enumeration, { events: crawl(400, 4000) }).findings).toEqual([]);
    // The same 20 paths over and over, and prose values, are not enumeration.
    const b = stream();
    for (let i = 0; i < 1000; i++)
      b.at(T0 + i * 100, { argValues: [`/srv/${i % 20}`, `select * from t where id = ${i}`] });
    expect(runRule(enumeration, { events: b.build() }).findings).toEqual([]);
  });

  it("repeats at most once per window while the crawl lasts, per actor", () => {
    const events = [...crawl(1200, 1000), ...crawl(150, 1000, "bob")].sort(
      (a, b) => a.time - b.time,
    );
    const { findings } = runRule(enumeration, { events });
    expect(findings.map((f) => [f.subject.key, f.end])).toEqual([
      ["alice", T0 + 199_000],
      ["alice", T0 + 799_000],
    ]);
  });

  it("skips internal events and allow-listed actors", () => {
    const internal = crawl(300, 100).map((e) => ({ ...e, internal: true }));
    expect(runRule(enumeration, { events: internal }).findings).toEqual([]);
    expect(runRule(enumeration, { events: crawl(300, 100), allow: ["alice"] }).findings).toEqual(
      [],
    );
  });

  it("gives the same findings in one window or per minute", () => {
    const events = [...crawl(2000, 700), ...crawl(900, 500, "bob", T0 + 5 * MIN)].sort(
      (a, b) => a.time - b.time,
    );
    const whole = runRule(enumeration, { events, windowMs: 24 * 3600_000 }).findings;
    const split = runRule(enumeration, { events, windowMs: MIN }).findings;
    expect(whole.length).toBeGreaterThan(3);
    expect(split).toEqual(whole);
  });

  it("keeps state bounded: values per actor at the threshold, actors at the cap", () => {
    const values = Array.from({ length: 64 }, (_, i) => `/x/${i}`);
    const many = Array.from({ length: 2000 }, (_, i) =>
      detectEvent(`m${i}`, T0 + i, { actorId: `a${i}`, argValues: values }),
    );
    const { state } = runRule(enumeration, {
      events: [...crawl(5000, 10), ...many].sort((a, b) => a.time - b.time),
    });
    expect(Object.keys(state.actors).length).toBeLessThanOrEqual(MAX_ACTORS);
    for (const a of Object.values(state.actors)) expect(a.seen.length).toBeLessThanOrEqual(200);
  });

  it("hashes hostile values cheaply and only counts name-like ones", () => {
    const big = "x".repeat(1_000_000);
    expect(shortHash(big)).toMatch(/^[0-9a-z]+$/);
    expect(shortHash("/a")).not.toBe(shortHash("/b"));
    expect(isResourceLike(big)).toBe(false);
    expect(isResourceLike("s3://bucket/key")).toBe(true);
    expect(isResourceLike("two words")).toBe(false);
    expect(isResourceLike("nbsp\u00a0inside")).toBe(false);
    const hashes = new Set(Array.from({ length: 100_000 }, (_, i) => shortHash(`/srv/data/${i}`)));
    expect(hashes.size).toBe(100_000);
  });
});
