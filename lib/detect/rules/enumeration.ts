import { z } from "zod";
import type { DetectEvent, Finding, Rule } from "../types";
import { actorSubject, bound, finding, MAX_EVIDENCE, MINUTE, mcpEventsOf } from "./pattern-kit";

const params = z.object({
  minDistinct: z
    .number()
    .int()
    .min(10)
    .max(5000)
    .default(200)
    .describe(
      "Distinct resources (argument values) one actor must touch within the window to raise a flag",
    ),
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(120)
    .default(10)
    .describe(
      "Length of the sliding window in minutes; a flag repeats at most once per window while it lasts",
    ),
});
export type EnumerationParams = z.infer<typeof params>;

/** One actor: [hash, last seen] oldest first, the last flag's time, recent evidence ids. */
type Actor = { seen: [string, number][]; flagged: number | null; ids: string[]; last: number };
export type EnumerationState = { actors: Record<string, Actor> };

/** Actors tracked at once; beyond it the least recently active go first. */
export const MAX_ACTORS = 500;
const MAX_VALUE_CHARS = 512;

/**
 * Resources are argument values that name something: paths, ids, URLs, keys. Values with
 * whitespace are prose or queries, not names, and are not counted.
 */
export function isResourceLike(v: string): boolean {
  if (v.length === 0 || v.length > MAX_VALUE_CHARS) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/** 53 bits of two FNV-1a hashes: collisions among a few thousand values are negligible. */
export function shortHash(v: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return ((a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff)).toString(36);
}

function evaluate({ events, state, params: p, allow }: Parameters<EnumerationRule["evaluate"]>[0]) {
  const windowMs = p.windowMinutes * MINUTE;
  // Working copies: a Map keeps recency order (re-inserting moves a value to the end).
  const actors = new Map(
    Object.entries(state.actors).map(([k, a]) => [k, { ...a, seen: new Map(a.seen) }]),
  );
  const findings: Finding[] = [];
  for (const e of mcpEventsOf(events, allow)) {
    let a = actors.get(e.actorId);
    if (!a) {
      a = { seen: new Map(), flagged: null, ids: [], last: e.time };
      actors.set(e.actorId, a);
    }
    a.last = e.time;
    let added = false;
    for (const v of e.argValues) {
      if (!isResourceLike(v)) continue;
      const h = shortHash(v);
      if (!a.seen.has(h)) added = true;
      a.seen.delete(h);
      a.seen.set(h, e.time);
    }
    for (const [h, t] of a.seen) {
      if (e.time - t <= windowMs && a.seen.size <= p.minDistinct) break;
      a.seen.delete(h);
    }
    if (added) a.ids = [...a.ids, e.id].slice(-MAX_EVIDENCE);
    if (a.seen.size >= p.minDistinct && (a.flagged === null || e.time - a.flagged >= windowMs)) {
      a.flagged = e.time;
      findings.push(found(e, a.seen, a.ids, p));
    }
    bound(
      actors,
      MAX_ACTORS,
      (x) => x.last,
      (x) => e.time - x.last > windowMs,
    );
  }
  const out = [...actors].map(([k, a]): [string, Actor] => [k, { ...a, seen: [...a.seen] }]);
  return { findings, state: { actors: Object.fromEntries(out) } };
}

function found(e: DetectEvent, seen: Map<string, number>, ids: string[], p: EnumerationParams) {
  const subject = actorSubject(e);
  const start = seen.values().next().value ?? e.time;
  const minutes = Math.max(1, Math.ceil((e.time - start) / MINUTE));
  return finding("enumeration", subject, {
    severity: "medium",
    start,
    end: e.time,
    observed: { distinct_resources: seen.size, minutes },
    baseline: { threshold: p.minDistinct, window_minutes: p.windowMinutes },
    sentence: `${subject.label} touched ${seen.size} distinct resources (paths, ids, URLs in arguments) within ${minutes} minutes; the threshold is ${p.minDistinct} in ${p.windowMinutes} minutes.`,
    evidence: ids,
  });
}

type EnumerationRule = Rule<EnumerationParams, EnumerationState>;

export const enumeration: EnumerationRule = {
  id: "enumeration",
  version: 1,
  title: "Enumeration",
  description:
    "One actor touching many distinct resources (paths, ids, URLs in arguments) in a short window: crawling a file tree, walking customer ids, scanning URLs, typical of reconnaissance and of bulk collection before exfiltration.",
  params,
  enabledByDefault: true,
  initialState: () => ({ actors: {} }),
  evaluate,
};
