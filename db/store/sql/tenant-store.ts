import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { StoredEvent } from "../../../lib/core/contract";
import { events, integrityBatches, quarantine } from "../../schema";
import type { AccessUsageQuery, AccessUsageRow } from "../access-usage-types";
import { pickRollup } from "../rollups";
import type {
  BatchRecord,
  ChainHead,
  Dimension,
  EventFacets,
  EventFilter,
  EventPage,
  EventQuery,
  EventSummary,
  EventTotal,
  FacetQuery,
  QuarantinedEvent,
  QuarantineFilter,
  QuarantineQuery,
  SourceCoverage,
  TenantStore,
  TimeBucket,
  TimeRange,
  TopEntry,
} from "../types";
import { SqlAccessReviewStore } from "./access-review-store";
import { sqlAccessUsage } from "./access-usage";
import { type Db, queryRows } from "./database";
import { SqlDetectionStore } from "./detection-store";
import { sqlCountUpTo, sqlFacets } from "./event-facets";
import { eventConditions } from "./event-filter";
import { sqlListEvents } from "./event-page";
import { SqlGuardAccessStore } from "./guard-access-store";
import { sqlCountQuarantine, sqlListQuarantine } from "./quarantine-reads";
import { SqlRetentionStore } from "./retention-store";
import { rollupCount } from "./rollup-reads";
import { toBatchRecord } from "./rows";
import { SqlSavedViewStore } from "./saved-views";
import { sqlSourceCoverage } from "./source-coverage";
import { sqlSummarize } from "./summary-reads";
import { tieredSeries, tieredTop } from "./tiered-reads";

const docColumns = {
  doc: sql<string>`${events.doc}::text`,
  writerId: events.writerId,
  batchSeq: events.batchSeq,
  leafIndex: events.leafIndex,
};

type DocRow = { doc: string; writerId: string; batchSeq: number; leafIndex: number };

function toStoredEvent(r: DocRow): StoredEvent {
  const doc = JSON.parse(r.doc) as StoredEvent;
  doc.integrity = { writer_id: r.writerId, batch_seq: Number(r.batchSeq), leaf_index: r.leafIndex };
  return doc;
}

/** Every method's first condition is this tenant: the class holds no other way to query. */
export class SqlTenantStore implements TenantStore {
  readonly retention: SqlRetentionStore;
  readonly detection: SqlDetectionStore;
  readonly views: SqlSavedViewStore;
  readonly guardAccess: SqlGuardAccessStore;
  readonly reviews: SqlAccessReviewStore;

  constructor(
    private readonly db: Db,
    readonly tenantId: string,
  ) {
    this.retention = new SqlRetentionStore(db, tenantId);
    this.detection = new SqlDetectionStore(db, tenantId);
    this.views = new SqlSavedViewStore(db, tenantId);
    this.guardAccess = new SqlGuardAccessStore(db, tenantId);
    this.reviews = new SqlAccessReviewStore(db, tenantId);
  }

  async existingEventIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.tenantId, this.tenantId), inArray(events.id, [...ids])));
    return new Set(rows.map((r) => r.id));
  }

  async chainHead(writerId: string): Promise<ChainHead | null> {
    const [row] = await this.db
      .select({ seq: integrityBatches.seq, headerHash: integrityBatches.headerHash })
      .from(integrityBatches)
      .where(
        and(eq(integrityBatches.tenantId, this.tenantId), eq(integrityBatches.writerId, writerId)),
      )
      .orderBy(desc(integrityBatches.seq))
      .limit(1);
    return row ? { writerId, seq: Number(row.seq), headerHash: row.headerHash } : null;
  }

  listEvents(q: EventQuery): Promise<EventPage> {
    return sqlListEvents(this.db, this.tenantId, q);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const [row] = await this.db
      .select(docColumns)
      .from(events)
      .where(and(eq(events.tenantId, this.tenantId), eq(events.id, id)));
    return row ? toStoredEvent(row) : null;
  }

  async countEvents(filter: EventFilter): Promise<number> {
    const rollup = pickRollup(filter, []);
    if (rollup) return rollupCount(this.db, rollup, this.tenantId, filter);
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(eventConditions(this.tenantId, filter));
    return row?.n ?? 0;
  }

  countUpTo(filter: EventFilter, cap: number): Promise<EventTotal> {
    return sqlCountUpTo(this.db, this.tenantId, filter, cap);
  }

  facets(filter: EventFilter, q: FacetQuery): Promise<EventFacets> {
    return sqlFacets(this.db, this.tenantId, filter, q);
  }

  countOverTime(filter: EventFilter, bucketSeconds: number, by?: Dimension): Promise<TimeBucket[]> {
    const s = Math.max(1, Math.floor(bucketSeconds));
    return tieredSeries(this.db, this.tenantId, filter, s, by);
  }

  summarize(filter: EventFilter): Promise<EventSummary> {
    return sqlSummarize(this.db, this.tenantId, filter);
  }

  topN(filter: EventFilter, dimension: Dimension, limit: number): Promise<TopEntry[]> {
    return tieredTop(this.db, this.tenantId, filter, dimension, limit);
  }

  sourceCoverage(range: TimeRange): Promise<SourceCoverage[]> {
    return sqlSourceCoverage(this.db, this.tenantId, range);
  }

  accessUsage(q: AccessUsageQuery): Promise<AccessUsageRow[]> {
    return sqlAccessUsage(this.db, this.tenantId, q);
  }

  listQuarantine(q: QuarantineQuery): Promise<QuarantinedEvent[]> {
    return sqlListQuarantine(this.db, this.tenantId, q);
  }

  countQuarantine(f: QuarantineFilter): Promise<number> {
    return sqlCountQuarantine(this.db, this.tenantId, f);
  }

  async trimQuarantine(keep: number): Promise<number> {
    const [edge] = await this.db
      .select({ seq: quarantine.seq })
      .from(quarantine)
      .where(eq(quarantine.tenantId, this.tenantId))
      .orderBy(desc(quarantine.seq))
      .offset(keep)
      .limit(1);
    if (!edge) return 0;
    const gone = await this.db
      .delete(quarantine)
      .where(and(eq(quarantine.tenantId, this.tenantId), lt(quarantine.seq, edge.seq + 1)))
      .returning({ seq: quarantine.seq });
    return gone.length;
  }

  async listChains(): Promise<ChainHead[]> {
    const rows = await queryRows<{ writer_id: string; seq: string | number; header_hash: string }>(
      this.db,
      sql`SELECT DISTINCT ON (writer_id) writer_id, seq, header_hash FROM ${integrityBatches}
          WHERE tenant_id = ${this.tenantId} ORDER BY writer_id, seq DESC`,
    );
    return rows.map((r) => ({
      writerId: r.writer_id,
      seq: Number(r.seq),
      headerHash: r.header_hash,
    }));
  }

  async listBatches(writerId: string, fromSeq: number, limit: number): Promise<BatchRecord[]> {
    const rows = await this.db
      .select()
      .from(integrityBatches)
      .where(
        and(
          eq(integrityBatches.tenantId, this.tenantId),
          eq(integrityBatches.writerId, writerId),
          gte(integrityBatches.seq, fromSeq),
        ),
      )
      .orderBy(asc(integrityBatches.seq))
      .limit(limit);
    return rows.map(toBatchRecord);
  }

  async eventsOfBatch(writerId: string, seq: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .select(docColumns)
      .from(events)
      .where(
        and(
          eq(events.tenantId, this.tenantId),
          eq(events.writerId, writerId),
          eq(events.batchSeq, seq),
        ),
      )
      .orderBy(asc(events.leafIndex));
    return rows.map(toStoredEvent);
  }

  async eventsWithoutBatch(limit: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .select(docColumns)
      .from(events)
      .leftJoin(
        integrityBatches,
        and(
          eq(integrityBatches.tenantId, events.tenantId),
          eq(integrityBatches.writerId, events.writerId),
          eq(integrityBatches.seq, events.batchSeq),
        ),
      )
      .where(and(eq(events.tenantId, this.tenantId), isNull(integrityBatches.seq)))
      .limit(limit);
    return rows.map(toStoredEvent);
  }
}
