import { chsql } from "../binder";
import { type Migration, materializedView, replacingTable, tableName } from "./context";

/** The event ids table's columns, and the view's select that fills them from `events`. */
export const EVENT_IDS_COLUMNS =
  "tenant_id String, id String, time_ms Int64, writer_id String, batch_seq Int64";
export const selectEventIds = (from: string) =>
  chsql([`SELECT tenant_id, id, time_ms, writer_id, batch_seq FROM ${from}`]);

/**
 * The duplicate check before sealing asks "which of these ids exist?". `events` is ordered by
 * time, so that would scan a tenant's whole history; this narrow table is ordered by id, so the
 * check is a primary-key lookup however much history there is. A materialized view fills it from
 * every insert into `events`, so no writer can forget it; existing rows are copied once.
 */
export const m0003: Migration = {
  version: 3,
  name: "event_ids",
  statements: (ctx) => [
    ...replacingTable(
      ctx,
      "event_ids",
      // The batch lets retention remove exactly the ids of the batches it removes.
      EVENT_IDS_COLUMNS,
      "PARTITION BY toYYYYMM(toDateTime(intDiv(time_ms, 1000))) ORDER BY (tenant_id, id)",
      "cityHash64(tenant_id, id)",
    ),
    ...materializedView(ctx, "event_ids_mv", "events", "event_ids", selectEventIds),
    // Replacing engine: a copy repeated by an interrupted migration collapses.
    chsql`${chsql([`INSERT INTO ${tableName(ctx, "event_ids")} `])}${selectEventIds(tableName(ctx, "events"))}`,
  ],
};
