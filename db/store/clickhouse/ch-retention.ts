import { chsql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import type { LegalHold, RetentionRecord, RetentionStore } from "../types";
import { deleteWhere } from "./ch-mutations";
import { recomputeRollupHours } from "./ch-rollups";
import type { ChTables } from "./ch-tenant-store";

const HOUR = 3_600_000;

/**
 * Retention on ClickHouse: holds and signed records live in the SQL control store; removal is
 * a mutation on events, their row-level copies (event ids, events by actor) and batches of the chain prefix, after which the rollup hours
 * it touched are recomputed from the events that remain (delete, then insert what a fresh view
 * would have produced), so every step can be repeated after a crash with the same result.
 */
export class ChRetentionStore implements RetentionStore {
  constructor(
    private readonly ch: ClickHouse,
    private readonly t: ChTables,
    private readonly tenantId: string,
    private readonly control: RetentionStore,
  ) {}

  listHolds(): Promise<LegalHold[]> {
    return this.control.listHolds();
  }

  addHold(input: Parameters<RetentionStore["addHold"]>[0]): Promise<LegalHold> {
    return this.control.addHold(input);
  }

  releaseHold(id: string, by: string): Promise<boolean> {
    return this.control.releaseHold(id, by);
  }

  records(): Promise<RetentionRecord[]> {
    return this.control.records();
  }

  async apply(rec: RetentionRecord): Promise<void> {
    // The record first: removed evidence is never unaccounted for, even after a crash here.
    await this.control.apply(rec);
    const chain = chsql`tenant_id = ${this.tenantId} AND writer_id = ${rec.writerId}`;
    const { local, onCluster } = this.t;
    await deleteWhere(
      this.ch,
      local.events,
      onCluster,
      chsql`${chain} AND batch_seq <= ${rec.throughSeq}`,
    );
    for (const derived of [local.eventIds, local.eventsByActor])
      await deleteWhere(
        this.ch,
        derived,
        onCluster,
        chsql`${chain} AND batch_seq <= ${rec.throughSeq}`,
      );
    await deleteWhere(
      this.ch,
      local.batches,
      onCluster,
      chsql`${chain} AND seq <= ${rec.throughSeq}`,
    );
    const first = Math.floor(Date.parse(rec.statement.first_time) / HOUR);
    const last = Math.floor(Date.parse(rec.statement.last_time) / HOUR);
    await recomputeRollupHours(this.ch, this.t, this.tenantId, first, last);
  }
}
