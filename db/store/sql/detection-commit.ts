import { getTableColumns, sql } from "drizzle-orm";
import { flagHistory, flags } from "../../schema";
import type { EvaluationUnit, FlagHistoryEntry, FlagRecord } from "../detection-types";
import { type Db, queryRows } from "./database";
import { chunks, iso, scrub } from "./detection-rows";
import { addTallies, widenSeen } from "./detection-tallies";
import { enqueueDeliveries } from "./notify-queries";

/**
 * One evaluation in one transaction, its notifications with it (an outbox: a crash after the
 * commit loses none, a refused commit queues none). The cursor moves first, conditionally: an evaluator whose
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
    if (u.deliveries) await enqueueDeliveries(tx, tenantId, u.deliveries);
    return true;
  });
}

async function moveCursor(tx: Db, tenantId: string, u: EvaluationUnit): Promise<boolean> {
  const c = u.cursor;
  const state = u.stateJson === undefined ? stateJson(c.state) : scrubJson(u.stateJson);
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
  return scrubJson(JSON.stringify(state));
}

/** U+0000 escapes of JSON text as U+FFFD (other characters never appear raw as U+0000). */
export function scrubJson(json: string): string {
  return json.includes("\\u0000") ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd") : json;
}

/**
 * Multi-row VALUES stay well under PostgreSQL's 65,535 bind parameters: 6 x 2,000 history
 * columns; flags travel as one JSON parameter, 1,000 a statement.
 */
const FLAG_CHUNK = 1_000;
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

const COLUMNS = Object.values(getTableColumns(flags)).filter((c) => c.name !== "tenant_id");
const NAMES = COLUMNS.map((c) => c.name).join(", ");
/** The rows travel as one JSON parameter, typed column by column by json_to_recordset. */
const RECORD = sql.raw(COLUMNS.map((c) => `${c.name} ${c.getSQLType()}`).join(", "));
/** An existing flag takes every other column from the proposed row. */
const UPDATE = sql.raw(
  COLUMNS.filter((c) => c.name !== "id" && !TRIAGE.has(c.name))
    .map((c) => `${c.name} = excluded.${c.name}`)
    .join(", "),
);

/** A flag as a row of `flags` (`resolved_at` is `now` for a flag stored resolved). */
function flagJson(f: FlagRecord, now: Date): Record<string, unknown> {
  return {
    id: f.id,
    rule: f.rule,
    rule_version: f.ruleVersion,
    params: f.params,
    group_key: f.groupKey,
    subject_kind: f.subjectKind,
    subject_key: f.subjectKey,
    subject_label: f.subjectLabel,
    severity: f.severity,
    status: f.status,
    active: f.active,
    start_time: f.start,
    end_time: f.end,
    observed: f.observed,
    baseline: f.baseline,
    sentence: f.sentence,
    evidence: f.evidence,
    assignee: f.assignee,
    resolution: f.resolution,
    resolution_note: f.resolutionNote,
    incident_id: f.incidentId,
    first_seen: f.firstSeen,
    last_seen: f.lastSeen,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
    resolved_at: f.status === "resolved" ? now : null,
  };
}

/**
 * Whole flags by id (the last of a repeated id wins), their evidence index brought in line with
 * them. The rows go as one JSON parameter (a statement of 27 bound values per flag cost more to
 * build than to run, with a thousand flags a window), scrubbed of U+0000 in the JSON text.
 */
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
    await syncEvidence(tx, tenantId, part);
    const rows = stateJson(part.map((f) => flagJson(f, now)));
    await tx.execute(sql`INSERT INTO flags (tenant_id, ${sql.raw(NAMES)})
      SELECT ${tenantId}, ${sql.raw(NAMES)} FROM json_to_recordset(${rows}::json) AS r(${RECORD})
      ORDER BY id COLLATE "C"
      ON CONFLICT (tenant_id, id) DO UPDATE SET ${UPDATE}`);
  }
}

/**
 * The evidence index of flags about to be written, against the evidence they have stored (run
 * before the upsert): a flag extended window after window keeps its evidence, so only pairs new
 * to it are inserted, and the pairs of a stored flag that its new evidence lacks are deleted.
 * Diffing against the stored arrays reads at most 100 index rows per flag instead of probing
 * every pair.
 */
async function syncEvidence(tx: Db, tenantId: string, part: readonly FlagRecord[]) {
  const evidence = stateJson(part.map((f) => ({ id: f.id, evidence: f.evidence })));
  await tx.execute(sql`WITH n AS (
      SELECT id, evidence FROM json_to_recordset(${evidence}::json) AS r(id text, evidence text[])),
    o AS (SELECT f.id, f.evidence FROM flags f JOIN n ON n.id = f.id WHERE f.tenant_id = ${tenantId}),
    gone AS (DELETE FROM flag_evidence x USING n JOIN o ON o.id = n.id
      WHERE x.tenant_id = ${tenantId} AND x.flag_id = n.id AND x.event_id <> ALL(n.evidence)
      RETURNING 1)
    INSERT INTO flag_evidence (tenant_id, event_id, flag_id)
    SELECT DISTINCT ${tenantId}, e.event_id, n.id
    FROM n LEFT JOIN o ON o.id = n.id, unnest(n.evidence) AS e(event_id)
    WHERE o.id IS NULL OR e.event_id <> ALL(o.evidence)
    ON CONFLICT DO NOTHING`);
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
