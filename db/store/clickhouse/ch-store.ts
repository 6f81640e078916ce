import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { chsql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { migrateClickHouse } from "../../clickhouse/migrate";
import type { SqlStore } from "../sql/sql-store";
import type {
  CommitOptions,
  CommitUnit,
  EncodedRows,
  EventRow,
  Store,
  TenantStore,
} from "../types";
import { splitReplay } from "./ch-replay";
import { recomputeRollupHours } from "./ch-rollups";
import { EVENT_LINE_COLUMNS, type EventLine, eventRowLine } from "./ch-row-text";
import { batchInsertRow, eventByActorRow, eventIdRow, quarantineInsertRow } from "./ch-rows";
import { type ChTables, ChTenantStore, tables } from "./ch-tenant-store";

/**
 * Events, sealed batches and quarantine in ClickHouse; tenants, keys and users stay in the SQL
 * control store (PGlite or PostgreSQL), which also holds what changes in place (revocations).
 * ClickHouse has no transactions: every insert is idempotent (Replacing engines keyed on the
 * row's identity), so replaying a commit after a crash completes it instead of duplicating it.
 */
export class ClickHouseStore implements Store {
  readonly kind = "clickhouse" as const;
  readonly insertDetectsDuplicates = false;
  readonly rowEncoding = "clickhouse-tab-separated" as const;
  readonly admin: SqlStore["admin"];
  private readonly t: ChTables;

  constructor(
    private readonly ch: ClickHouse,
    private readonly control: SqlStore,
    private readonly opts: { database: string; cluster: string | null },
  ) {
    this.admin = control.admin;
    this.t = tables(opts.database, opts.cluster);
  }

  async migrate(): Promise<void> {
    await this.control.migrate();
    await migrateClickHouse(this.ch, this.opts);
  }

  async ping(): Promise<void> {
    await this.ch.command(chsql`SELECT 1`);
    await this.control.ping();
  }

  async close(): Promise<void> {
    await this.ch.close();
    await this.control.close();
  }

  forTenant(tenantId: string): TenantStore {
    if (!tenantId) throw new Error("a tenant is required");
    return new ChTenantStore(this.ch, this.t, tenantId, this.control.forTenant(tenantId));
  }

  /**
   * Events first, then the batches that seal them, then quarantine: one insert per table. Batch
   * and quarantine rows are idempotent by their engine; event rows are made so on replay, because
   * the rollups count every inserted row (ch-replay.ts).
   */
  async commit(unit: CommitUnit, opts: CommitOptions = {}): Promise<void> {
    const db = this.opts.database;
    let lines = unit.batches.flatMap((b) => eventLines(b.rows));
    let stored: EventLine[] = [];
    const prefix = `tooltrail-insert-${unit.batches[0]?.record.writerId ?? "none"}-`;
    if (opts.replay && lines.length > 0)
      ({ missing: lines, stored } = await splitReplay(this.ch, this.t, lines, prefix));
    await this.insertLines(`${db}.events`, lines, prefix);
    if (stored.length > 0) await this.repairDerived(stored);
    await this.insert(
      `${db}.integrity_batches`,
      unit.batches.map((b) => batchInsertRow(b.record)),
    );
    await this.insert(`${db}.quarantine`, unit.quarantine.map(quarantineInsertRow));
  }

  /**
   * Rows an earlier attempt stored, whose views may not have run: their row-level copies go to
   * event_ids and events_by_actor again (Replacing tables: repeats collapse) and their hours'
   * rollups are rebuilt from events.
   */
  private async repairDerived(stored: EventLine[]): Promise<void> {
    await this.insert(`${this.opts.database}.event_ids_v2`, stored.map(eventIdRow));
    await this.insert(`${this.opts.database}.events_by_actor`, stored.map(eventByActorRow));
    const hours = new Map<string, { first: number; last: number }>();
    for (const r of stored) {
      const h = Math.floor(r.time_ms / 3_600_000);
      const span = hours.get(r.tenant_id);
      hours.set(r.tenant_id, {
        first: Math.min(span?.first ?? h, h),
        last: Math.max(span?.last ?? h, h),
      });
    }
    for (const [tenantId, { first, last }] of hours)
      await recomputeRollupHours(this.ch, this.t, tenantId, first, last);
  }

  async rawInsertEvents(rows: EventRow[]): Promise<void> {
    await this.insertLines(`${this.opts.database}.events`, rows.map(eventRowLine));
  }

  /** Lines of TabSeparated sent as they are: the body is their bytes, nothing is re-encoded. */
  private async insertLines(
    table: string,
    lines: readonly string[],
    queryIdPrefix = "tooltrail-insert-",
  ): Promise<void> {
    if (lines.length === 0) return;
    const { stream } = await this.ch.client.exec({
      query: `INSERT INTO ${table} (${EVENT_LINE_COLUMNS.join(", ")}) FORMAT TabSeparated`,
      values: Readable.from([Buffer.from(`${lines.join("\n")}\n`)]),
      query_id: `${queryIdPrefix}${randomUUID()}`,
      ...this.insertSettings(),
    });
    stream.resume();
    await finished(stream);
  }

  private async insert(
    table: string,
    values: Record<string, unknown>[],
    queryIdPrefix = "tooltrail-insert-",
  ): Promise<void> {
    if (values.length === 0) return;
    // JSONEachRow carries values as data, never as SQL text.
    await this.ch.client.insert({
      table,
      values,
      format: "JSONEachRow",
      query_id: `${queryIdPrefix}${randomUUID()}`,
      ...this.insertSettings(),
    });
  }

  private insertSettings() {
    // Through a Distributed table an insert must not return before a replica has the rows.
    return this.opts.cluster
      ? { clickhouse_settings: { insert_distributed_sync: 1 as const } }
      : {};
  }
}

/** A batch's rows as lines: encoded ones as they are, row objects (e.g. older spools) encoded. */
function eventLines(rows: EventRow[] | EncodedRows): string[] {
  if (Array.isArray(rows)) return rows.map(eventRowLine);
  if (rows.encoding !== "clickhouse-tab-separated")
    throw new Error(`ClickHouse cannot take rows encoded as ${rows.encoding}`);
  return rows.lines;
}
