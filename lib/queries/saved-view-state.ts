import { z } from "zod";
import { EVENT_SORTS } from "../../db/store/event-sort";
import { ACTIVITIES, DEFAULT_ACTIVITY } from "./activity";
import { BadRequestError, type Params } from "./bad-request";
import { EXPLORER_COLUMNS, type ExplorerColumn, PAGE_SIZES, parsePageSize } from "./events";
import {
  FILTER_DIMENSIONS,
  parseSort,
  parseView,
  RANGES,
  type SortState,
  sortParams,
  type ViewState,
} from "./filters";

/**
 * What a saved view keeps of the explorer: the query, the range (a relative one such as "last 24
 * h" stays relative, so the view always shows the latest day; a custom one stays absolute), the
 * zone, the filters, the activity switch, the columns, the sort and the page size. It is made
 * from, and turned back into, the explorer's own URL parameters, so the explorer's parsers
 * (filters.ts) validate a view exactly as they validate a link, and a view opens as a link.
 */
const COLUMN_IDS = EXPLORER_COLUMNS.map((c) => c.id) as [ExplorerColumn, ...ExplorerColumn[]];
const values = z.array(z.string()).max(50);

export const savedViewStateSchema = z.object({
  v: z.literal(1),
  range: z.enum([...(Object.keys(RANGES) as (keyof typeof RANGES)[]), "custom"]),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  tz: z.enum(["utc", "local"]),
  filters: z.object(
    Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, values])) as Record<
      (typeof FILTER_DIMENSIONS)[number],
      typeof values
    >,
  ),
  q: z.string(),
  activity: z.enum(ACTIVITIES),
  sort: z.enum(EVENT_SORTS),
  dir: z.enum(["asc", "desc"]),
  size: z.literal(PAGE_SIZES),
  hidden: z.array(z.enum(COLUMN_IDS)),
});
export type SavedViewState = z.infer<typeof savedViewStateSchema>;

/** The explorer's parameters that make up a view (everything but the page cursor). */
export const VIEW_PARAMS = [
  "range",
  "from",
  "to",
  "tz",
  ...FILTER_DIMENSIONS,
  "q",
  "activity",
  "sort",
  "dir",
  "order",
  "size",
] as const;

/**
 * A view's state from the explorer's query string and its hidden columns. What the explorer
 * would refuse is a BadRequestError (invalid-input) with the explorer's message.
 */
export function stateFromParams(
  p: Params,
  hidden: readonly ExplorerColumn[],
  now = new Date(),
): SavedViewState {
  const view = parseView(p, now);
  const sort = parseSort(p);
  return toState(view, sort, parsePageSize(p), hidden);
}

export function toState(
  view: ViewState,
  sort: SortState,
  size: number,
  hidden: readonly ExplorerColumn[],
): SavedViewState {
  return savedViewStateSchema.parse({
    v: 1,
    range: view.range,
    ...(view.range === "custom"
      ? { from: view.from.toISOString(), to: view.to.toISOString() }
      : {}),
    tz: view.tz,
    filters: view.values,
    q: view.text,
    activity: view.activity,
    sort: sort.sort,
    dir: sort.dir,
    size,
    hidden: COLUMN_IDS.filter((c) => hidden.includes(c)),
  });
}

/** The explorer's URL parameters of a state, in the explorer's own spelling (defaults left out). */
export function stateParams(s: SavedViewState): Record<string, string> {
  const out: Record<string, string> = { range: s.range };
  if (s.range === "custom" && s.from && s.to) Object.assign(out, { from: s.from, to: s.to });
  if (s.tz === "local") out.tz = "local";
  for (const d of FILTER_DIMENSIONS) if (s.filters[d].length) out[d] = s.filters[d].join(",");
  if (s.q) out.q = s.q;
  if (s.activity !== DEFAULT_ACTIVITY) out.activity = s.activity;
  for (const [k, v] of Object.entries(sortParams({ sort: s.sort, dir: s.dir })))
    if (v !== null) out[k] = v;
  if (s.size !== 50) out.size = String(s.size);
  return out;
}

/** The same, as the explorer's query string: equal states give equal strings. */
export function stateQuery(s: SavedViewState): string {
  return new URLSearchParams(stateParams(s)).toString();
}

/** The state's view, checked as the explorer checks a link (a relative range ends now). */
export function stateView(s: SavedViewState, now = new Date()): ViewState {
  return parseView(stateParams(s), now);
}

/** `view` of the explorer: a saved view's id (absent: none); anything else is a BadRequestError. */
export function savedViewParam(p: Params): string | undefined {
  const v = p.view;
  const raw = Array.isArray(v) ? v[0] : v;
  if (raw === undefined || raw === "") return undefined;
  if (!/^v_[A-Za-z0-9_-]{1,64}$/.test(raw))
    throw new BadRequestError("view must be a saved view's id");
  return raw;
}

/** The explorer's address names a view and nothing else (`?view=<id>`): the view decides it all. */
export function onlyViewParam(p: Params): boolean {
  return p.view !== undefined && VIEW_PARAMS.every((k) => p[k] === undefined);
}
