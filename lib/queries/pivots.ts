import { OWN_INGEST_KEY, OWN_SERVER_NAME } from "../../db/store/own-activity";
import type { StoredEvent } from "../core/contract";
import { storable } from "../core/contract/well-formed";
import { FILTER_LIMITS, type ViewState } from "./filters";
import { printQuery, type QueryNode } from "./query-language";
import { KEY_PATTERN } from "./query-language/fields";

/** One click from an event to the events that share one of its values, as an explorer search. */
export type Pivot = {
  /** Stable id (`actor`, `session`, …, `args.<key>`), for tests and React keys. */
  id: string;
  label: string;
  /** The event's value, as the explorer compares it. */
  value: string;
  /** The query-language term, printed (quoted and escaped) so any value reads back unchanged. */
  term: string;
  /** Reads argument values: shown only to roles with `events:payload`. */
  payload: boolean;
  /** Explorer URL (without the tenant base), or null when the term is longer than a search may be. */
  href: string | null;
};

type Field = Extract<QueryNode, { kind: "match"; key?: never }>["field"];

/** The correlations an analyst pivots by, in the order the event page lists them. */
const PIVOTS: readonly {
  id: string;
  label: string;
  field: Field;
  value(e: StoredEvent): unknown;
}[] = [
  { id: "actor", label: "Same actor", field: "actor", value: (e) => e.actor.id },
  { id: "session", label: "Same session", field: "session", value: (e) => e.session_id },
  { id: "trace", label: "Same trace", field: "trace", value: (e) => e.trace_id },
  {
    id: "conversation",
    label: "Same conversation",
    field: "conversation",
    value: (e) => e.conversation_id,
  },
  { id: "ip", label: "Same IP address", field: "actor.ip", value: (e) => e.actor.ip },
  { id: "args_hmac", label: "Same arguments", field: "args_hmac", value: (e) => e.args_hmac },
];

/** Argument values offered as pivots: top-level scalars, at most this many. */
const MAX_ARGUMENT_PIVOTS = 5;
const DAY_MS = 86_400_000;

/** Tooltrail's own events are out of the explorer's default view (db/store/own-activity.ts). */
function isOwn(e: StoredEvent): boolean {
  return e.server.name === OWN_SERVER_NAME && e.ingest_key_id === OWN_INGEST_KEY;
}

/**
 * The range a pivot searches: the explorer's range the event was opened from, when it is known
 * and includes the event; otherwise the last 30 days when they include it, else 30 days centred
 * on the event. Either way the event itself is among the results.
 */
export function pivotRange(
  time: Date,
  known: ViewState | null,
  now = new Date(),
): Record<string, string> {
  const t = time.getTime();
  if (known && known.from.getTime() <= t && t < known.to.getTime())
    return known.range === "custom"
      ? { range: "custom", from: known.from.toISOString(), to: known.to.toISOString() }
      : { range: known.range };
  // A day's margin: the 30-day view is aligned to whole chart buckets.
  if (t <= now.getTime() && t > now.getTime() - 29 * DAY_MS) return { range: "30d" };
  return {
    range: "custom",
    from: new Date(t - 15 * DAY_MS).toISOString(),
    to: new Date(t + 15 * DAY_MS).toISOString(),
  };
}

function text(v: unknown): string | null {
  if (typeof v === "string") return v.length > 0 ? storable(v) : null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "boolean") return String(v);
  return null;
}

/**
 * The pivots of one event, only those whose value it has. Argument values are offered only when
 * `payload` (the reader may read them); without it they are not even computed. Each link keeps the
 * range (pivotRange) and shows Tooltrail's own events too when the event is one of them.
 */
export function eventPivots(
  e: StoredEvent,
  opts: { payload: boolean; known: ViewState | null; now?: Date },
): Pivot[] {
  const range = pivotRange(new Date(e.time), opts.known, opts.now);
  const activity = isOwn(e) ? "all" : opts.known?.activity === "all" ? "all" : null;
  const tz = opts.known?.tz === "local" ? "local" : null;
  const out: Pivot[] = [];
  const add = (id: string, label: string, node: QueryNode, value: string, payload: boolean) => {
    const term = printQuery(node);
    const q = new URLSearchParams({ ...range, q: term });
    if (activity) q.set("activity", activity);
    if (tz) q.set("tz", tz);
    const fits = term.length <= FILTER_LIMITS.textChars;
    out.push({ id, label, value, term, payload, href: fits ? `/events?${q}` : null });
  };
  for (const p of PIVOTS) {
    const value = text(p.value(e));
    if (value !== null)
      add(p.id, p.label, { kind: "match", field: p.field, op: "eq", value }, value, false);
  }
  const args = e.arguments;
  if (opts.payload && args && typeof args === "object" && !Array.isArray(args)) {
    let n = 0;
    for (const [key, raw] of Object.entries(args)) {
      const value = text(raw);
      // A key with a dot would read as a path; such members are left out rather than mis-pivoted.
      if (value === null || key.includes(".") || !KEY_PATTERN.test(key)) continue;
      add(
        `args.${key}`,
        `Same argument ${key}`,
        { kind: "match", field: "args", key, op: "eq", value },
        value,
        true,
      );
      if (++n >= MAX_ARGUMENT_PIVOTS) break;
    }
  }
  return out;
}

/** What the pivots' range is, in words, for the event page. */
export function pivotRangeNote(time: Date, known: ViewState | null, now = new Date()): string {
  const t = time.getTime();
  if (known && known.from.getTime() <= t && t < known.to.getTime())
    return "Across the range you were exploring.";
  const r = pivotRange(time, null, now);
  if (r.range === "30d") return "Across the last 30 days (they include this event).";
  return "Across the 30 days around this event.";
}
