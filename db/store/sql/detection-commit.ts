import { getTableColumns, sql } from "drizzle-orm";
import { flagHistory, flags } from "../../schema";
import type { EvaluationUnit, FlagHistoryEntry, FlagRecord } from "../detection-types";
import { type Db, queryRows } from "./database";
import { ARRAY_CHUNK, arr, chunks, flagRow, iso, scrub } from "./detection-rows";
import { addTallies, widenSeen } from "./detection-tallies";

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
  const state = stateJson(c.state);
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

/**
 * `JSON.stringify(scrub(state))` without copying the state (megabytes for some rules): U+0000
 * appears in JSON text only as the escape `\u0000`, one not preceded by an odd run of backslashes.
 */
export function stateJson(state: unknown): string {
  const json = JSON.stringify(state);
  return json.includes("\\u0000") ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd") : json;
}

/**
 * Multi-row VALUES stay well under PostgreSQL's 65,535 bind parameters: 27 x 500 flag columns,
 * 6 x 2,000 history columns.
 */
const FLAG_CHUNK = 500;
const HISTORY_CHUNK = 2_000;

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
  // Rows are locked in id order, the order in which linking's UPDATE usually takes them through
  // the primary key: writers of the same flags queue rather than deadlock (PostgreSQL would
  // abort one of them, and the engine retries next minute, but a person's link would fail).
  const ordered = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const part of chunks(ordered, FLAG_CHUNK)) {
    await tx
      .insert(flags)
      .values(part.map((f) => flagRow(tenantId, f, now)))
      .onConflictDoUpdate({ target: [flags.tenantId, flags.id], set: FLAG_UPDATE });
    const ids = part.map((f) => scrub(f.id));
    const pairs = part.flatMap((f) =>
      [...new Set(scrub(f.evidence))].map((e) => [e, scrub(f.id)] as const),
    );
    // A flag extended window after window keeps most of its evidence: only the pairs that
    // changed are written (deleting and reinserting them all was most of a commit's cost).
    await tx.execute(sql`DELETE FROM flag_evidence x
      WHERE x.tenant_id = ${tenantId} AND x.flag_id = ANY(${arr(ids, "text")})
        AND NOT EXISTS (SELECT 1 FROM unnest(${arr(
          pairs.map(([e]) => e),
          "text",
        )}, ${arr(
          pairs.map(([, f]) => f),
          "text",
        )}) AS n(event_id, flag_id) WHERE n.event_id = x.event_id AND n.flag_id = x.flag_id)`);
    for (const p of chunks(pairs, ARRAY_CHUNK)) {
      await tx.execute(sql`INSERT INTO flag_evidence (tenant_id, event_id, flag_id)
        SELECT ${tenantId}, n.event_id, n.flag_id FROM unnest(${arr(
          p.map(([e]) => e),
          "text",
        )}, ${arr(
          p.map(([, f]) => f),
          "text",
        )}) AS n(event_id, flag_id)
        WHERE NOT EXISTS (SELECT 1 FROM flag_evidence x WHERE x.tenant_id = ${tenantId}
          AND x.event_id = n.event_id AND x.flag_id = n.flag_id)
        ON CONFLICT DO NOTHING`);
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
