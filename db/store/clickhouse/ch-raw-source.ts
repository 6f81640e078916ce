import { type ChFragment, chsql } from "../../clickhouse/binder";
import type { Dimension, EventFilter } from "../types";
import { DIMENSION_COLUMNS } from "./ch-filter";
import type { ChTables } from "./ch-tenant-store";

/** The columns of `events_by_actor` (migration 6; a test keeps the two lists equal). */
export const EVENTS_BY_ACTOR_COLUMNS = [
  "tenant_id",
  "actor_id",
  "time_ms",
  "id",
  "server_name",
  "tool",
  "client_name",
  "agent_id",
  "outcome",
  "verdict",
  "policy_id",
  "duration_ms",
  "redaction_count",
  "writer_id",
  "batch_seq",
] as const;

const NARROW = new Set<string>(EVENTS_BY_ACTOR_COLUMNS);

/** Filter keys `events_by_actor` can answer: the range and the dimensions it has a column for. */
const NARROW_KEYS = new Set<string>([
  "from",
  "to",
  ...(Object.keys(DIMENSION_COLUMNS) as Dimension[]).filter((d) =>
    NARROW.has(DIMENSION_COLUMNS[d]),
  ),
]);

const set = (v: unknown) =>
  v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/**
 * True when a raw read can come from `events_by_actor` (migration 6): the filter names actors,
 * so the actor-first order narrows the scan, and everything it filters or groups by is a column
 * there. Free text, correlation ids and classification need `events`; so does any filter key
 * added later, until it is listed here.
 */
export function readsByActor(f: EventFilter, groupBy: readonly Dimension[] = []): boolean {
  if (!f.actor || f.actor.length === 0) return false;
  for (const [k, v] of Object.entries(f)) if (set(v) && !NARROW_KEYS.has(k)) return false;
  return groupBy.every((d) => NARROW_KEYS.has(d));
}

/**
 * The raw rows a count, series, top list or KPI reads, deduplicated by `FINAL` like every read of
 * a Replacing table here: the actor-ordered copy when it answers the filter, `events` otherwise.
 * Both hold the same rows (the view copies each insert), so the answer is the same.
 */
export function chRawEvents(
  t: ChTables,
  f: EventFilter,
  groupBy: readonly Dimension[] = [],
): ChFragment {
  return readsByActor(f, groupBy) ? chsql`${t.eventsByActor} FINAL` : chsql`${t.events} FINAL`;
}
