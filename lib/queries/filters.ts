import {
  EVENT_SORTS,
  type EventSort,
  isEventSort,
  SORT_KINDS,
  type SortOrder,
} from "../../db/store/event-sort";
import type { EventFilter } from "../../db/store/types";
import { OUTCOMES, type Outcome } from "../contract";

export const RANGES = { "1h": 3600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 } as const;
export type RangeKey = keyof typeof RANGES | "custom";
export const FILTER_DIMENSIONS = ["server", "tool", "actor", "client", "outcome"] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export type ViewState = {
  range: RangeKey;
  from: Date;
  to: Date;
  tz: "utc" | "local";
  values: Record<FilterDimension, string[]>;
  text: string;
  /** Seconds per chart bucket, chosen for about 50-60 points over the range. */
  bucketSeconds: number;
};

type Params = Record<string, string | string[] | undefined>;

const NICE_BUCKETS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];

function all(p: Params, key: string): string[] {
  const v = p[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 512)
    .slice(0, 20);
}

function one(p: Params, key: string): string | undefined {
  const v = p[key];
  return Array.isArray(v) ? v[0] : v;
}

function parseTime(s: string | undefined): Date | null {
  if (!s) return null;
  // datetime-local inputs send no zone; the toolbar labels them UTC.
  const t = Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s) ? `${s}Z` : s);
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * The view (time range, zone, filters, search) lives in the URL so a view can be shared; this
 * turns the query string into it, ignoring what does not parse rather than failing the page.
 */
export function parseView(p: Params, now = new Date()): ViewState {
  const rawRange = one(p, "range");
  let range: RangeKey = rawRange && rawRange in RANGES ? (rawRange as RangeKey) : "24h";
  let from: Date;
  let to: Date;
  const cf = parseTime(one(p, "from"));
  const ct = parseTime(one(p, "to"));
  if ((rawRange === "custom" || (!rawRange && cf)) && cf && ct && cf < ct) {
    range = "custom";
    from = cf;
    to = ct;
  } else {
    if (range === "custom") range = "24h";
    const span = RANGES[range as keyof typeof RANGES];
    to = new Date(now.getTime());
    from = new Date(to.getTime() - span * 1000);
  }
  const span = (to.getTime() - from.getTime()) / 1000;
  const bucketSeconds = NICE_BUCKETS.find((b) => span / b <= 72) ?? 30 * 86_400;
  if (range !== "custom") {
    // Align the window to whole buckets so bars are full and URLs stay stable within a bucket.
    const end = Math.ceil(to.getTime() / (bucketSeconds * 1000)) * bucketSeconds * 1000;
    to = new Date(end);
    from = new Date(end - span * 1000);
  }
  const outcomes = all(p, "outcome").filter((o): o is Outcome =>
    (OUTCOMES as readonly string[]).includes(o),
  );
  return {
    range,
    from,
    to,
    tz: one(p, "tz") === "local" ? "local" : "utc",
    values: {
      server: all(p, "server"),
      tool: all(p, "tool"),
      actor: all(p, "actor"),
      client: all(p, "client"),
      outcome: outcomes,
    },
    text: (one(p, "q") ?? "").trim().slice(0, 200),
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
  if (v.text) f.text = v.text;
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
 * Free-text search reaches argument values and error messages: for a role that may not read
 * payloads it would be an oracle (match counts reveal content), so it is dropped.
 */
export function limitView(v: ViewState, mayReadPayloads: boolean): ViewState {
  return mayReadPayloads ? v : { ...v, text: "" };
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
 * direction). Anything else is an error with a message, which a page may ignore (falling back to
 * the default) and an export answers with 400.
 */
export function parseSort(
  p: Params,
): { ok: true; value: SortState } | { ok: false; message: string } {
  const rawSort = one(p, "sort");
  const rawDir = one(p, "dir") ?? one(p, "order");
  if (rawSort !== undefined && !isEventSort(rawSort))
    return { ok: false, message: `sort must be one of ${EVENT_SORTS.join(", ")}` };
  if (rawDir !== undefined && rawDir !== "asc" && rawDir !== "desc")
    return { ok: false, message: "dir must be asc or desc" };
  const sort = rawSort ?? "time";
  return { ok: true, value: { sort, dir: rawDir ?? firstDirection(sort) } };
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
