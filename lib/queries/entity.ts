import type { QueryNode } from "../../db/store/query-node";
import type { Dimension, EventFilter, TenantStore } from "../../db/store/types";
import { OUTCOMES } from "../core/contract";
import { type EventRowView, toRowView } from "./events";
import { type SeriesPoint, series } from "./overview";
import { bucketStarts } from "./time-range";

export type EntityView = {
  summary: Awaited<ReturnType<TenantStore["summarize"]>>;
  calls: SeriesPoint[];
  tops: { dimension: Dimension; rows: { key: string; count: number }[] }[];
  recent: EventRowView[];
  firstSeen: string | null;
};

/** Everything about one actor or one tool over the chosen range. */
export async function loadEntity(
  store: TenantStore,
  filter: EventFilter,
  bucketSeconds: number,
  dims: Dimension[],
): Promise<EntityView> {
  const [summary, calls, recent, first, ...tops] = await Promise.all([
    store.summarize(filter),
    store.countOverTime(filter, bucketSeconds, "outcome"),
    store.listEvents({ ...filter, limit: 25, order: "desc" }),
    store.listEvents({ ...filter, from: undefined, to: undefined, limit: 1, order: "asc" }),
    ...dims.map((d) => store.topN(filter, d, 8)),
  ]);
  const from = filter.from ?? new Date(Date.now() - 86_400_000);
  const to = filter.to ?? new Date();
  return {
    summary,
    calls: series(bucketStarts(from, to, bucketSeconds), calls, [...OUTCOMES], "unknown"),
    tops: dims.map((d, i) => ({ dimension: d, rows: tops[i] ?? [] })),
    recent: recent.events.map(toRowView),
    firstSeen: first.events[0]?.time ?? null,
  };
}

/** A value the actor's events carried, and the time of the latest event that carried it. */
export type KnownValue = { value: string; lastSeen: string };

/** The name and email an actor's events carry, latest first; several when they differ. */
export type ActorIdentity = { names: KnownValue[]; emails: KnownValue[] };

/** Different values looked for per field: enough to say that several differ and show some. */
export const IDENTITY_VALUES = 3;

/**
 * The actor's names and emails over all its events (not just the range: who the actor is does not
 * depend on the range shown), newest first. Each value is the latest event with the field set,
 * then the latest with another value, and so on: a query of the query language per value, so every
 * store answers it with its own tested compiler (a missing field never matches `field:*`).
 */
export async function loadActorIdentity(store: TenantStore, actor: string): Promise<ActorIdentity> {
  const read = async (field: "actor.name" | "actor.email"): Promise<KnownValue[]> => {
    const found: KnownValue[] = [];
    while (found.length < IDENTITY_VALUES) {
      const query: QueryNode = {
        kind: "and",
        nodes: [
          { kind: "match", field, op: "prefix", value: "" },
          ...found.map(
            (f): QueryNode => ({
              kind: "not",
              node: { kind: "match", field, op: "eq", value: f.value },
            }),
          ),
        ],
      };
      const page = await store.listEvents({ actor: [actor], query, limit: 1, order: "desc" });
      const e = page.events[0];
      const value = field === "actor.name" ? e?.actor.name : e?.actor.email;
      // A value the store cannot tell apart from one already found ends the search.
      if (!e || !value || found.some((f) => f.value === value)) break;
      found.push({ value, lastSeen: e.time });
    }
    return found;
  };
  const [names, emails] = await Promise.all([read("actor.name"), read("actor.email")]);
  return { names, emails };
}

/** The actor's activity per server over the range: a chart series per server, in top order. */
export type ServerTimeline = {
  /** The busiest servers, with the chart key of each (`s0`…: names are hostile, keys are not). */
  servers: { name: string; key: string; events: number }[];
  /** Events on servers beyond the busiest, charted as `other`. */
  other: number;
  points: SeriesPoint[];
};

export const TIMELINE_SERVERS = 8;

export async function loadServerTimeline(
  store: TenantStore,
  filter: EventFilter,
  bucketSeconds: number,
): Promise<ServerTimeline> {
  const [rows, top] = await Promise.all([
    store.countOverTime(filter, bucketSeconds, "server"),
    store.topN(filter, "server", TIMELINE_SERVERS),
  ]);
  const keys = new Map(top.map((t, i) => [t.key, `s${i}`]));
  const from = filter.from ?? new Date(Date.now() - 86_400_000);
  const to = filter.to ?? new Date();
  const points = series(
    bucketStarts(from, to, bucketSeconds),
    rows.map((r) => ({ ...r, key: (r.key !== null && keys.get(r.key)) || "other" })),
    [...keys.values(), "other"],
    "other",
  );
  const other = rows.reduce((n, r) => (r.key !== null && keys.has(r.key) ? n : n + r.count), 0);
  return {
    servers: top.map((t, i) => ({ name: t.key, key: `s${i}`, events: t.count })),
    other,
    points,
  };
}
