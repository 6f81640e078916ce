import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { events, integrityBatches, legalHolds, retentionRecords } from "../../schema";
import type { LegalHold, RetentionRecord, RetentionStatement, RetentionStore } from "../types";
import type { Db } from "./database";

type HoldRow = typeof legalHolds.$inferSelect;

const toHold = (r: HoldRow): LegalHold => ({
  id: r.id,
  tenantId: r.tenantId,
  from: r.fromTime,
  to: r.toTime,
  reason: r.reason,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  releasedAt: r.releasedAt,
  releasedBy: r.releasedBy,
});

/**
 * Holds and retention records in the SQL store (also the control store of ClickHouse
 * deployments). Every query's first condition is the tenant.
 */
export class SqlRetentionStore implements RetentionStore {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
    /** False when events live elsewhere (ClickHouse): only the record is kept here. */
    private readonly holdsEvents = true,
  ) {}

  async listHolds(): Promise<LegalHold[]> {
    const rows = await this.db
      .select()
      .from(legalHolds)
      .where(eq(legalHolds.tenantId, this.tenantId))
      .orderBy(asc(legalHolds.createdAt), asc(legalHolds.id));
    return rows.map(toHold);
  }

  async addHold(h: Parameters<RetentionStore["addHold"]>[0]): Promise<LegalHold> {
    const [row] = await this.db
      .insert(legalHolds)
      .values({
        id: h.id,
        tenantId: this.tenantId,
        fromTime: h.from,
        toTime: h.to,
        reason: h.reason,
        createdBy: h.createdBy,
      })
      .returning();
    return toHold(row as HoldRow);
  }

  async releaseHold(id: string, by: string): Promise<boolean> {
    const rows = await this.db
      .update(legalHolds)
      .set({ releasedAt: new Date(), releasedBy: by })
      .where(
        and(
          eq(legalHolds.tenantId, this.tenantId),
          eq(legalHolds.id, id),
          isNull(legalHolds.releasedAt),
        ),
      )
      .returning({ id: legalHolds.id });
    return rows.length > 0;
  }

  async records(): Promise<RetentionRecord[]> {
    const rows = await this.db
      .select()
      .from(retentionRecords)
      .where(eq(retentionRecords.tenantId, this.tenantId))
      .orderBy(asc(retentionRecords.writerId), asc(retentionRecords.throughSeq));
    return rows.map((r) => ({
      tenantId: r.tenantId,
      writerId: r.writerId,
      throughSeq: Number(r.throughSeq),
      statement: r.statement as RetentionStatement,
      statementHash: r.statementHash,
      signature: r.signature,
      keyId: r.keyId,
    }));
  }

  async apply(rec: RetentionRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(retentionRecords)
        .values({
          tenantId: this.tenantId,
          writerId: rec.writerId,
          throughSeq: rec.throughSeq,
          statement: rec.statement,
          statementHash: rec.statementHash,
          signature: rec.signature,
          keyId: rec.keyId,
          removedEvents: rec.statement.removed_events,
        })
        .onConflictDoNothing();
      if (!this.holdsEvents) return;
      await tx
        .delete(events)
        .where(
          and(
            eq(events.tenantId, this.tenantId),
            eq(events.writerId, rec.writerId),
            lte(events.batchSeq, rec.throughSeq),
          ),
        );
      await tx
        .delete(integrityBatches)
        .where(
          and(
            eq(integrityBatches.tenantId, this.tenantId),
            eq(integrityBatches.writerId, rec.writerId),
            lte(integrityBatches.seq, rec.throughSeq),
          ),
        );
    });
  }
}
