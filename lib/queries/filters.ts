import {
  EVENT_SORTS,
  type EventSort,
  isEventSort,
  SORT_KINDS,
  type SortOrder,
} from "../../db/store/event-sort";
import type { EventFilter } from "../../db/store/types";
import { OUTCOMES, type Outcome } from "../core/contract";
import { hasCode } from "../core/errors";
import { type Activity, DEFAULT_ACTIVITY, parseActivity } from "./activity";
import { assertSafeText, BadRequestError, type Params } from "./bad-request";
import { parseQuery } from "./query-language";
import { ACCEPTED_TIMES, chartBucketSeconds, clampRange, parseTimeParam } from "./time-range";

export const RANGES = { "1h": 3600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 } as const;
export type RangeKey = keyof typeof RANGES | "custom";
export const FILTER_DIMENSIONS = ["server", "tool", "actor", "client", "outcome"] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export type ViewState = {
  range: RangeKey;
  from: Date;
  to: Date;
  /**
   * A custom range was narrowed to where stored events can be: the times the contract accepts
   * (time-range.ts#clampRange), and on chart pages the earliest stored event (narrow-view.ts).
   */
  clamped: boolean;
  tz: "utc" | "local";
  values: Record<FilterDimension, string[]>;
  text: string;
  /** MCP traffic (the default), Tooltrail's own activity, or both (db/store/own-activity.ts). */
  activity: Activity;
  /** Seconds per chart bucket: at most MAX_CHART_BUCKETS over the range. */
  bucketSeconds: number;
};

/** Values per filter, characters per value, characters of the free-text search. */
export const FILTER_LIMITS = { values: 20, valueChars: 512, textChars: 200 } as const;

/** Comma-separated and repeated values of a filter, each checked; empty ones are no filter. */
function all(p: Params, key: string): string[] {
  const v = p[key];
  const raw = Array.isArray(v) ? v : v === undefined ? [] : [v];
  // Before trimming, which would quietly drop a tab or line break at either end.
  for (const s of raw) assertSafeText(key, s);
  const list = raw
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const s of list) {
    if (s.length > FILTER_LIMITS.valueChars)
      throw new BadRequestError(
        `${key}: a value may have at most ${FILTER_LIMITS.valueChars} characters`,
      );
  }
  if (list.length > FILTER_LIMITS.values)
    throw new BadRequestError(`${key}: at most ${FILTER_LIMITS.values} values`);
  return list;
}

/** The first value of a parameter, checked; an empty one (a blank form field) is absent. */
function one(p: Params, key: string): string | undefined {
  const v = p[key];
  const first = Array.isArray(v) ? v[0] : v;
  if (first !== undefined) assertSafeText(key, first);
  return first === "" ? undefined : first;
}

/**
 * The view (time range, zone, filters, search) lives in the URL so a view can be shared; this
 * turns the query string into it. What it cannot accept is a BadRequestError saying what is
 * accepted (pages answer 400), never silently replaced: a dropped filter would show more than
 * was asked for. A custom range is narrowed to the times events can have, and its chart buckets
 * are as wide as needed to stay within MAX_CHART_BUCKETS.
 */
export function parseView(p: Params, now = new Date()): ViewState {
  const rawRange = one(p, "range");
  if (rawRange !== undefined && rawRange !== "custom" && !Object.hasOwn(RANGES, rawRange))
    throw new BadRequestError(`range must be one of ${Object.keys(RANGES).join(", ")} or custom`);
  const rawFrom = one(p, "from");
  const rawTo = one(p, "to");
  let range: RangeKey;
  let from: Date;
  let to: Date;
  let clamped = false;
  if (rawRange === "custom" || (rawRange === undefined && (rawFrom || rawTo))) {
    if (!rawFrom || !rawTo)
      throw new BadRequestError(`a custom range needs both from and to, each ${ACCEPTED_TIMES}`);
    const f = parseTimeParam("from", rawFrom);
    const t = parseTimeParam("to", rawTo);
    if (!(f < t)) throw new BadRequestError("from must be before to");
    ({ from, to, clamped } = clampRange(f, t, now));
    range = "custom";
  } else {
    range = (rawRange ?? "24h") as keyof typeof RANGES;
    to = new Date(now.getTime());
    from = new Date(to.getTime() - RANGES[range] * 1000);
  }
  const span = (to.getTime() - from.getTime()) / 1000;
  const bucketSeconds = chartBucketSeconds(span);
  if (range !== "custom") {
    // Align the window to whole buckets so bars are full and URLs stay stable within a bucket.
    const end = Math.ceil(to.getTime() / (bucketSeconds * 1000)) * bucketSeconds * 1000;
    to = new Date(end);
    from = new Date(end - span * 1000);
  }
  const outcomes = all(p, "outcome");
  const unknown = outcomes.find((o) => !(OUTCOMES as readonly string[]).includes(o));
  if (unknown !== undefined)
    throw new BadRequestError(`outcome must be one of ${OUTCOMES.join(", ")}`);
  const tz = one(p, "tz");
  if (tz !== undefined && tz !== "utc" && tz !== "local")
    throw new BadRequestError("tz must be utc or local");
  const text = (one(p, "q") ?? "").trim();
  if (text.length > FILTER_LIMITS.textChars)
    throw new BadRequestError(`q (search) may have at most ${FILTER_LIMITS.textChars} characters`);
  try {
    parseQuery(text, { allowPayload: true });
  } catch (err) {
    if (hasCode(err, "invalid-input")) throw new BadRequestError(`q (search): ${err.message}`);
    throw err;
  }
  return {
    range,
    from,
    to,
    clamped,
    tz: tz === "local" ? "local" : "utc",
    values: {
      server: all(p, "server"),
      tool: all(p, "tool"),
      actor: all(p, "actor"),
      client: all(p, "client"),
      outcome: outcomes as Outcome[],
    },
    text,
    activity: parseActivity(one(p, "activity")),
    bucketSeconds,
  };
}

export function toEventFilter(v: ViewState): EventFilter {
  const f: EventFilter = { from: v.from, to: v.to };
  if (v.values.server.length) f.server = v.values.server;
  if (v.values.tool.length) f.tool = v.values.tool;
  if (v.values.actor.length) f.actor = v.values.actor;
  if (v.values.client.length) f.client = v.values.client;
  if (v.values.outcome.length) f.outcome = v.values.outcome as Outcome[];
  const query = v.text ? parseQuery(v.text, { allowPayload: true }) : null;
  // One bare word or phrase keeps the plain free-text filter it always was.
  if (query?.kind === "text" && !query.field) f.text = query.value;
  else if (query) f.query = query;
  // `all` is the store's unset activity, so a filter of both reads exactly as before.
  if (v.activity !== "all") f.activity = v.activity;
  return f;
}

/** Query string of a view, with overrides (null removes a key): used by every link and control. */
export function viewQuery(
  v: ViewState,
  over: Partial<Record<string, string | string[] | null>> = {},
): string {
  const q = new URLSearchParams();
  const base: Record<string, string | string[] | null> = {
    range: v.range,
    ...(v.range === "custom" ? { from: v.from.toISOString(), to: v.to.toISOString() } : {}),
    ...(v.tz === "local" ? { tz: "local" } : {}),
    ...Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, v.values[d]])),
    ...(v.text ? { q: v.text } : {}),
    ...(v.activity !== DEFAULT_ACTIVITY ? { activity: v.activity } : {}),
  };
  for (const [k, val] of Object.entries({ ...base, ...over })) {
    if (val === null || val === undefined) continue;
    if (Array.isArray(val)) {
      if (val.length) q.set(k, val.join(","));
    } else if (val !== "") q.set(k, val);
  }
  if (q.get("range") !== "custom") {
    q.delete("from");
    q.delete("to");
  }
  return q.toString();
}

/** Same filters over an exact window (a chart bucket): a custom range. */
export function windowQuery(
  v: ViewState,
  from: Date,
  to: Date,
  over: Record<string, string | string[] | null> = {},
) {
  return viewQuery(v, { range: "custom", from: from.toISOString(), to: to.toISOString(), ...over });
}

/**
 * The search (docs/query-language.md) may reach argument values: free text and payload fields.
 * For a role that may not read payloads that would be an oracle (match counts reveal content),
 * so such a search is dropped; one of field terms only (tool:, actor:, …) stays.
 */
export function limitView(v: ViewState, mayReadPayloads: boolean): ViewState {
  if (mayReadPayloads || !v.text) return v;
  try {
    parseQuery(v.text, { allowPayload: false });
    return v;
  } catch {
    return { ...v, text: "" };
  }
}

/** The explorer's order, in the URL as `sort=<key>&dir=asc|desc` so a sorted view can be shared. */
export type SortState = { sort: EventSort; dir: SortOrder };
export const DEFAULT_SORT: SortState = { sort: "time", dir: "desc" };

/** The first click on a header: largest, longest, newest first for numbers; A to Z for text. */
export function firstDirection(sort: EventSort): SortOrder {
  return sort === "time" || SORT_KINDS[sort] === "number" ? "desc" : "asc";
}

/**
 * `sort` and `dir` from the query string (`order=asc` is the older spelling of the time
 * direction). Anything else is a BadRequestError with the accepted values.
 */
export function parseSort(p: Params): SortState {
  const rawSort = one(p, "sort");
  const rawDir = one(p, "dir") ?? one(p, "order");
  if (rawSort !== undefined && !isEventSort(rawSort))
    throw new BadRequestError(`sort must be one of ${EVENT_SORTS.join(", ")}`);
  if (rawDir !== undefined && rawDir !== "asc" && rawDir !== "desc")
    throw new BadRequestError("dir must be asc or desc");
  const sort = rawSort ?? "time";
  return { sort, dir: rawDir ?? firstDirection(sort) };
}

/** Query-string overrides for a sort: the default order leaves the URL as it was. */
export function sortParams(s: SortState): Record<string, string | null> {
  const isDefault = s.sort === DEFAULT_SORT.sort && s.dir === DEFAULT_SORT.dir;
  return {
    sort: isDefault || s.sort === "time" ? null : s.sort,
    dir: isDefault ? null : s.dir,
    order: null,
  };
}
