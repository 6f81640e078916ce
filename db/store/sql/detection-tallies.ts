import { sql } from "drizzle-orm";
import type { HourlyTally, SeenRecord } from "../detection-types";
import { type Db, queryRows } from "./database";
import { ARRAY_CHUNK, arr, chunks, iso, scrub } from "./detection-rows";

/** The engine's learned history: hourly tallies and first/last seen, written and pruned. */

/** Summed per (series, key, hour) first: one statement may not update the same row twice. */
export async function addTallies(tx: Db, tenantId: string, tallies: readonly HourlyTally[]) {
  const sums = new Map<string, HourlyTally>();
  for (const t of tallies) {
    const k = `${t.series}\u0000${t.key}\u0000${t.hour.getTime()}`;
    const prev = sums.get(k);
    if (prev) prev.value += t.value;
    else sums.set(k, { ...t });
  }
  for (const part of chunks([...sums.values()], ARRAY_CHUNK)) {
    await tx.execute(sql`INSERT INTO detection_hourly (tenant_id, series, key, hour, value)
      SELECT ${tenantId}, * FROM unnest(${arr(
        part.map((t) => scrub(t.series)),
        "text",
      )}, ${arr(
        part.map((t) => scrub(t.key)),
        "text",
      )}, ${arr(
        part.map((t) => iso(t.hour)),
        "timestamptz",
      )}, ${arr(
        part.map((t) => t.value),
        "float8",
      )})
      ON CONFLICT (tenant_id, series, key, hour)
      DO UPDATE SET value = detection_hourly.value + excluded.value`);
  }
}

export async function widenSeen(tx: Db, tenantId: string, seen: readonly SeenRecord[]) {
  const merged = new Map<string, SeenRecord>();
  for (const s of seen) {
    const k = `${s.kind}\u0000${s.key}`;
    const prev = merged.get(k);
    if (!prev) merged.set(k, { ...s });
    else {
      if (s.first < prev.first) prev.first = s.first;
      if (s.last > prev.last) prev.last = s.last;
    }
  }
  for (const part of chunks([...merged.values()], ARRAY_CHUNK)) {
    await tx.execute(sql`INSERT INTO detection_seen (tenant_id, kind, key, first_seen, last_seen)
      SELECT ${tenantId}, * FROM unnest(${arr(
        part.map((s) => scrub(s.kind)),
        "text",
      )}, ${arr(
        part.map((s) => scrub(s.key)),
        "text",
      )}, ${arr(
        part.map((s) => iso(s.first)),
        "timestamptz",
      )}, ${arr(
        part.map((s) => iso(s.last)),
        "timestamptz",
      )})
      ON CONFLICT (tenant_id, kind, key) DO UPDATE SET
        first_seen = least(detection_seen.first_seen, excluded.first_seen),
        last_seen = greatest(detection_seen.last_seen, excluded.last_seen)`);
  }
}

/** Rows per DELETE: a first prune after months removes millions without one huge statement. */
const PRUNE_CHUNK = 20_000;

export async function pruneHourly(db: Db, tenantId: string, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql`WITH gone AS (
            DELETE FROM detection_hourly WHERE ctid = ANY(ARRAY(
              SELECT ctid FROM detection_hourly
              WHERE tenant_id = ${tenantId} AND hour < ${iso(before)}::timestamptz
              LIMIT ${PRUNE_CHUNK}))
            RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    );
    const n = Number(row?.n ?? 0);
    total += n;
    if (n < PRUNE_CHUNK) return total;
  }
}

/**
 * One row per key with its hours and values as arrays: the same answer as a row per hour, for a
 * quarter of the time (PGlite, 500 keys x 28 days = 336,000 tallies: 1.4-1.8 s instead of
 * 4.6-5.4 s), since decoding rows, not reading them, is what costs.
 */
export async function hourly(
  db: Db,
  tenantId: string,
  series: string,
  keys: readonly string[],
  from: Date,
  to: Date,
): Promise<HourlyTally[]> {
  if (keys.length === 0) return [];
  const rows = await queryRows<{ key: string; hours: number[]; vals: number[] }>(
    db,
    sql`SELECT key,
          array_agg((extract(epoch FROM hour) * 1000)::float8 ORDER BY hour) AS hours,
          array_agg(value ORDER BY hour) AS vals
        FROM detection_hourly
        WHERE tenant_id = ${tenantId} AND series = ${scrub(series)}
          AND key = ANY(${arr(keys.map(scrub), "text")})
          AND hour >= ${iso(from)}::timestamptz AND hour < ${iso(to)}::timestamptz
        GROUP BY key ORDER BY key`,
  );
  const out: HourlyTally[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.hours.length; i++) {
      out.push({
        series,
        key: r.key,
        hour: new Date(Number(r.hours[i])),
        value: Number(r.vals[i]),
      });
    }
  }
  return out;
}
