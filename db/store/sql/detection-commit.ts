import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { flagEvidence, flagHistory, flags } from "../../schema";
import type {
  EvaluationUnit,
  FlagHistoryEntry,
  FlagRecord,
  HourlyTally,
  SeenRecord,
} from "../detection-types";
import { type Db, queryRows } from "./database";
import { anyOf, flagRow, scrub } from "./detection-rows";

/**
 * Rows per statement. Tallies, seen and evidence travel as one array parameter per column
 * (`unnest`, as insert-events.ts), so their size is bounded only to keep each statement's memory
 * modest; flags and history use multi-row VALUES and stay well under PostgreSQL's 65,535 bind
 * parameters (27 x 500 flag columns, 6 x 2,000 history columns).
 */
const ARRAY_CHUNK = 10_000;
const FLAG_CHUNK = 500;
const HISTORY_CHUNK = 2_000;

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const arr = (values: unknown[], type: string): SQL => sql`${sql.param(values)}::${sql.raw(type)}[]`;
const iso = (d: Date) => d.toISOString();

/**
 * One evaluation in one transaction. The cursor moves first, conditionally: an evaluator whose
 * expected version is stale (or that lost the race to create the cursor) matches no row and
 * returns before writing anything else; the winner's row lock makes a concurrent loser wait and
 * then see the new version.
 */
export async function commitEvaluation(db: Db, tenantId: string, u: EvaluationUnit) {
  return db.transaction(async (tx) => {
    if (!(await moveCursor(tx, tenantId, u))) return false;
    await addTallies(tx, tenantId, u.tallies);
    await widenSeen(tx, tenantId, u.seen);
    await upsertFlags(tx, tenantId, u.flags, u.now);
    await appendHistory(tx, tenantId, u.history);
    return true;
  });
}

async function moveCursor(tx: Db, tenantId: string, u: EvaluationUnit): Promise<boolean> {
  const c = u.cursor;
  const state = JSON.stringify(scrub(c.state));
  const from = c.backfilledFrom ? iso(c.backfilledFrom) : null;
  const rows = await queryRows<{ tenant_id: string }>(
    tx,
    u.expectVersion === null
      ? sql`INSERT INTO detection_cursors (tenant_id, watermark, state, version, backfilled_from, updated_at)
            VALUES (${tenantId}, ${iso(c.watermark)}::timestamptz, ${state}::jsonb, 1, ${from}::timestamptz, ${iso(u.now)}::timestamptz)
            ON CONFLICT (tenant_id) DO NOTHING RETURNING tenant_id`
      : sql`UPDATE detection_cursors SET watermark = ${iso(c.watermark)}::timestamptz, state = ${state}::jsonb,
              version = version + 1, backfilled_from = ${from}::timestamptz, updated_at = ${iso(u.now)}::timestamptz
            WHERE tenant_id = ${tenantId} AND version = ${u.expectVersion} RETURNING tenant_id`,
  );
  return rows.length === 1;
}

/** Summed per (series, key, hour) first: one statement may not update the same row twice. */
async function addTallies(tx: Db, tenantId: string, tallies: readonly HourlyTally[]) {
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

async function widenSeen(tx: Db, tenantId: string, seen: readonly SeenRecord[]) {
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

/**
 * Triage is the people's: status, assignee, resolution and incident change only through
 * updateFlag and linking. The engine reads a flag, extends it and writes it back whole a moment
 * later; taking those fields from its copy would undo an acknowledgement made in between.
 */
const TRIAGE = new Set([
  "status",
  "assignee",
  "resolution_note",
  "resolution",
  "incident_id",
  "resolved_at",
]);

/** An existing flag takes every other column from the proposed row. */
const FLAG_UPDATE = Object.fromEntries(
  Object.entries(getTableColumns(flags))
    .filter(([key, col]) => key !== "tenantId" && key !== "id" && !TRIAGE.has(col.name))
    .map(([key, col]) => [key, sql.raw(`excluded.${col.name}`)]),
);

/** Whole flags by id (the last of a repeated id wins), their evidence index replaced with them. */
export async function upsertFlags(
  tx: Db,
  tenantId: string,
  list: readonly FlagRecord[],
  now: Date,
) {
  const byId = new Map(list.map((f) => [f.id, f]));
  for (const part of chunks([...byId.values()], FLAG_CHUNK)) {
    await tx
      .insert(flags)
      .values(part.map((f) => flagRow(tenantId, f, now)))
      .onConflictDoUpdate({ target: [flags.tenantId, flags.id], set: FLAG_UPDATE });
    const ids = part.map((f) => scrub(f.id));
    await tx
      .delete(flagEvidence)
      .where(and(eq(flagEvidence.tenantId, tenantId), anyOf(flagEvidence.flagId, ids)));
    const pairs = part.flatMap((f) =>
      [...new Set(scrub(f.evidence))].map((e) => [e, scrub(f.id)] as const),
    );
    for (const p of chunks(pairs, ARRAY_CHUNK)) {
      await tx.execute(sql`INSERT INTO flag_evidence (tenant_id, event_id, flag_id)
        SELECT ${tenantId}, * FROM unnest(${arr(
          p.map(([e]) => e),
          "text",
        )}, ${arr(
          p.map(([, f]) => f),
          "text",
        )}) ON CONFLICT DO NOTHING`);
    }
  }
}

export async function appendHistory(
  tx: Db,
  tenantId: string,
  entries: readonly FlagHistoryEntry[],
) {
  for (const part of chunks(entries, HISTORY_CHUNK)) {
    await tx.insert(flagHistory).values(
      scrub(part).map((e) => ({
        tenantId,
        flagId: e.flagId,
        at: e.at,
        by: e.by,
        action: e.action,
        details: e.details,
      })),
    );
  }
}
