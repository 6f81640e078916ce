import { type Column, type SQL, sql } from "drizzle-orm";
import type {
  flagSuppressions,
  flags,
  incidents,
  notifyDeliveries,
  notifyDestinations,
} from "../../schema";
import type {
  DeliveryRecord,
  DestinationRecord,
  FlagRecord,
  FlagStatus,
  IncidentRecord,
  SuppressionRecord,
} from "../detection-types";

/** Rows of the detection tables to the records of db/store/detection-types.ts and back. */

/**
 * PostgreSQL refuses U+0000 in text and in jsonb strings, and actor ids, argument values and
 * notes reach these tables from events and people: one such value would fail every later
 * evaluation of the tenant. It becomes U+FFFD, as in the events' own columns (rows.ts).
 */
export function scrub<T>(value: T): T {
  if (typeof value === "string") {
    return (value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value) as T;
  }
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrub(v)])) as T;
}

/**
 * Rows per statement of the array-parameter inserts (`unnest`, as insert-events.ts): any size
 * fits in one parameter per column, so the bound only keeps each statement's memory modest.
 */
export const ARRAY_CHUNK = 10_000;

export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** One array parameter of a SQL type, e.g. `arr(keys, "text")`. */
export const arr = (values: unknown[], type: string): SQL =>
  sql`${sql.param(values)}::${sql.raw(type)}[]`;
export const iso = (d: Date) => d.toISOString();

/**
 * `column = ANY($1::text[])`: the values travel as one parameter, where `IN ($1, $2, …)` would
 * stop at the protocol's 65,535 parameters (a window can name that many tally keys).
 */
export function anyOf(column: Column, values: readonly string[]): SQL {
  return sql`${column} = ANY(${sql.param(values.map(scrub))}::text[])`;
}

/** Characters of a long key that its index holds (see `flags` in db/schema/detection.ts). */
const KEY_PREFIX = 256;

/** anyOf through the prefix index of a long key column: the prefix finds, the whole key decides. */
export function anyKeyOf(column: Column, values: readonly string[]): SQL {
  const keys = values.map(scrub);
  return sql`left(${column}, ${sql.raw(String(KEY_PREFIX))}) = ANY(${sql.param(
    // By code points, as PostgreSQL's left() counts them (an emoji is two UTF-16 units).
    keys.map((k) => Array.from(k).slice(0, KEY_PREFIX).join("")),
  )}::text[]) AND ${column} = ANY(${sql.param(keys)}::text[])`;
}

type FlagRow = typeof flags.$inferSelect;

export function toFlag(r: FlagRow): FlagRecord {
  return {
    id: r.id,
    rule: r.rule,
    ruleVersion: r.ruleVersion,
    params: r.params as Record<string, unknown>,
    groupKey: r.groupKey,
    subjectKind: r.subjectKind,
    subjectKey: r.subjectKey,
    subjectLabel: r.subjectLabel,
    severity: r.severity,
    status: r.status as FlagStatus,
    active: r.active,
    start: r.startTime,
    end: r.endTime,
    observed: r.observed as Record<string, number>,
    baseline: r.baseline as Record<string, number> | null,
    sentence: r.sentence,
    evidence: r.evidence,
    assignee: r.assignee,
    resolution: r.resolution,
    resolutionNote: r.resolutionNote,
    incidentId: r.incidentId,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toSuppression(r: typeof flagSuppressions.$inferSelect): SuppressionRecord {
  const { tenantId: _, ...rest } = r;
  return rest;
}

export function toIncident(r: typeof incidents.$inferSelect): IncidentRecord {
  const { tenantId: _, ...rest } = r;
  return { ...rest, status: rest.status as IncidentRecord["status"] };
}

export function toDestination(r: typeof notifyDestinations.$inferSelect): DestinationRecord {
  const { tenantId: _, ...rest } = r;
  return { ...rest, kind: rest.kind as DestinationRecord["kind"] };
}

export function toDelivery(r: typeof notifyDeliveries.$inferSelect): DeliveryRecord {
  const { tenantId: _, ...rest } = r;
  return {
    ...rest,
    payload: rest.payload as Record<string, unknown>,
    status: rest.status as DeliveryRecord["status"],
  };
}
