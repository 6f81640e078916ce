import { z } from "zod";
import type { StoredEvent } from "../../../lib/core/contract";
import { type ChFragment, chsql, ident } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import type { AccessUsageQuery, AccessUsageRow } from "../access-usage-types";
import { pickRollup, ROLLUP_DIMENSIONS, ROLLUP_NAMES, type RollupName } from "../rollups";
import type { SavedViewStore } from "../saved-view-types";
import type {
  AccessReviewStore,
  BatchRecord,
  ChainHead,
  DetectionStore,
  Dimension,
  EventFacets,
  EventFilter,
  EventPage,
  EventQuery,
  EventSummary,
  EventTotal,
  FacetQuery,
  GuardAccessStore,
  QuarantinedEvent,
  QuarantineFilter,
  QuarantineQuery,
  SourceCoverage,
  TenantStore,
  TimeBucket,
  TimeRange,
  TopEntry,
} from "../types";
import { chAccessUsage } from "./ch-access-usage";
import { chCountUpTo, chFacets } from "./ch-event-facets";
import { chGetEvent, chListEvents } from "./ch-event-page";
import { DIMENSION_COLUMNS, eventWhere } from "./ch-filter";
import { deleteWhere } from "./ch-mutations";
import { chCorrectedRollup, ownEventsWhere } from "./ch-own-correction";
import { chCountQuarantine, chListQuarantine } from "./ch-quarantine";
import { chRawEvents, readsByActor } from "./ch-raw-source";
import { ChRetentionStore } from "./ch-retention";
import { rollupWhere } from "./ch-rollups";
import { batchRow, DOC, docRow, toBatchRecord, toStoredEvent } from "./ch-rows";
import { chSourceCoverage } from "./ch-source-coverage";
import { chSummarize } from "./ch-summary";
import { chBatchedTopN } from "./ch-top-batch";

type ChTableNames = {
  events: ChFragment;
  eventIds: ChFragment;
  /** The actor-ordered narrow copy of events (ClickHouse migration 6). */
  eventsByActor: ChFragment;
  rollups: Record<RollupName, ChFragment>;
  /** Duration histograms (ClickHouse migration 5). */
  durations: ChFragment;
  batches: ChFragment;
  quarantine: ChFragment;
};

/** Reads and inserts use the plain names (Distributed on a cluster); mutations the local ones. */
export type ChTables = ChTableNames & { local: ChTableNames; onCluster: ChFragment };

const int = z.coerce.number();

/**
 * Tenant reads on ClickHouse. `FINAL` makes every read correct before background merges have
 * collapsed replayed rows; every query's first condition is this tenant.
 */
export class ChTenantStore implements TenantStore {
  readonly retention: ChRetentionStore;
  /** Detection lives in the control store: flags and baselines are the same on every backend. */
  readonly detection: DetectionStore;
  /** Saved views too: they are dashboard state, not events. */
  readonly views: SavedViewStore;
  /** Guard policies and revocations change in place: the control store holds them. */
  readonly guardAccess: GuardAccessStore;
  /** Access review campaigns and decisions: dashboard state, in the control store. */
  readonly reviews: AccessReviewStore;

  constructor(
    private readonly ch: ClickHouse,
    private readonly t: ChTables,
    readonly tenantId: string,
    control: TenantStore,
  ) {
    this.retention = new ChRetentionStore(ch, t, tenantId, control.retention);
    this.detection = control.detection;
    this.guardAccess = control.guardAccess;
    this.reviews = control.reviews;
    this.views = control.views;
  }

  async existingEventIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      // The ids as one array value, not a list of literals: ClickHouse (18.16) parses and
      // analyses a literal list for 2.3x the CPU at 1000 ids (measured), on the ingest path.
      const rows = await this.ch.query(
        chsql`SELECT DISTINCT id FROM ${this.t.eventIds} WHERE tenant_id = ${this.tenantId} AND id IN (SELECT arrayJoin(${ids.slice(i, i + 1000)}))`,
        z.object({ id: z.string() }),
        // On the ingest path: a server that does not answer soon sends groups to the spool.
        { timeoutMs: 3_000 },
      );
      for (const r of rows) found.add(r.id);
    }
    return found;
  }

  async chainHead(writerId: string): Promise<ChainHead | null> {
    const [row] = await this.ch.query(
      chsql`SELECT seq, header_hash FROM ${this.t.batches} FINAL WHERE tenant_id = ${this.tenantId} AND writer_id = ${writerId} ORDER BY seq DESC LIMIT 1`,
      z.object({ seq: int, header_hash: z.string() }),
    );
    return row ? { writerId, seq: row.seq, headerHash: row.header_hash } : null;
  }

  listEvents(q: EventQuery): Promise<EventPage> {
    return chListEvents(this.ch, this.t, this.tenantId, q);
  }

  getEvent(id: string): Promise<StoredEvent | null> {
    return chGetEvent(this.ch, this.t, this.tenantId, id);
  }

  async countEvents(filter: EventFilter): Promise<number> {
    const rollup = pickRollup(filter, []);
    const q = rollup
      ? chsql`SELECT sum(n) AS total FROM ${this.rollup(rollup, filter)} WHERE ${rollupWhere(this.tenantId, filter)}`
      : chsql`SELECT count() AS total FROM ${chRawEvents(this.t, filter)} WHERE ${eventWhere(this.tenantId, filter)}`;
    const [row] = await this.ch.query(q, z.object({ total: int }));
    return row?.total ?? 0;
  }

  countUpTo(filter: EventFilter, cap: number): Promise<EventTotal> {
    return chCountUpTo(this.ch, this.t, this.tenantId, filter, cap);
  }

  facets(filter: EventFilter, q: FacetQuery): Promise<EventFacets> {
    return chFacets(this.ch, this.t, this.tenantId, filter, q);
  }

  async countOverTime(
    filter: EventFilter,
    bucketSeconds: number,
    by?: Dimension,
  ): Promise<TimeBucket[]> {
    const s = Math.max(1, Math.floor(bucketSeconds));
    const rollup = pickRollup(filter, by ? [by] : [], s);
    const column = by ? ident(DIMENSION_COLUMNS[by]) : null;
    // Rollups keep a missing value as ''; it reads back as null like the raw column.
    const key = column
      ? rollup
        ? chsql`nullIf(${column}, '')`
        : chsql`${column}`
      : chsql`CAST(NULL AS Nullable(String))`;
    const q = rollup
      ? chsql`SELECT intDiv(hour, ${s / 3600}) * ${s} AS b, ${key} AS k, sum(n) AS c FROM ${this.rollup(rollup, filter)}
              WHERE ${rollupWhere(this.tenantId, filter)} GROUP BY b, k HAVING c > 0 ORDER BY b, k`
      : chsql`SELECT intDiv(time_ms, ${s * 1000}) * ${s} AS b, ${key} AS k, count() AS c FROM ${chRawEvents(this.t, filter, by ? [by] : [])}
              WHERE ${eventWhere(this.tenantId, filter)} GROUP BY b, k ORDER BY b, k`;
    const rows = await this.ch.query(q, z.object({ b: int, k: z.string().nullable(), c: int }));
    return rows.map((r) => ({ start: new Date(r.b * 1000), key: r.k, count: r.c }));
  }

  /** A rollup pickRollup chose; for MCP traffic only, less Tooltrail's own events. */
  private rollup(name: RollupName, f: EventFilter): ChFragment {
    if (f.activity !== "mcp") return this.t.rollups[name];
    const where = rollupWhere(this.tenantId, f);
    const own = ownEventsWhere(this.tenantId, f);
    return chCorrectedRollup(this.t, this.t.rollups[name], ROLLUP_DIMENSIONS[name], where, own);
  }

  summarize(filter: EventFilter): Promise<EventSummary> {
    return chSummarize(this.ch, this.t, this.tenantId, filter);
  }

  async topN(filter: EventFilter, dimension: Dimension, limit: number): Promise<TopEntry[]> {
    const column = ident(DIMENSION_COLUMNS[dimension]);
    const rollup = pickRollup(filter, [dimension]);
    if (!rollup && readsByActor(filter, [dimension]))
      return chBatchedTopN(this.ch, this.t, this.tenantId, filter, dimension, limit);
    const q = rollup
      ? chsql`SELECT ${column} AS key, sum(n) AS c FROM ${this.rollup(rollup, filter)}
              WHERE ${rollupWhere(this.tenantId, filter)} AND ${column} != '' GROUP BY key HAVING c > 0 ORDER BY c DESC, key ASC LIMIT ${limit}`
      : chsql`SELECT assumeNotNull(${column}) AS key, count() AS c FROM ${chRawEvents(this.t, filter, [dimension])}
              WHERE ${eventWhere(this.tenantId, filter)} AND isNotNull(${column}) GROUP BY key ORDER BY c DESC, key ASC LIMIT ${limit}`;
    const rows = await this.ch.query(q, z.object({ key: z.string(), c: int }));
    return rows.map((r) => ({ key: r.key, count: r.c }));
  }

  sourceCoverage(range: TimeRange): Promise<SourceCoverage[]> {
    return chSourceCoverage(this.ch, this.t.events, this.tenantId, range);
  }

  accessUsage(q: AccessUsageQuery): Promise<AccessUsageRow[]> {
    return chAccessUsage(this.ch, this.t.events, this.tenantId, q);
  }

  listQuarantine(q: QuarantineQuery): Promise<QuarantinedEvent[]> {
    return chListQuarantine(this.ch, this.t.quarantine, this.tenantId, q);
  }

  countQuarantine(f: QuarantineFilter): Promise<number> {
    return chCountQuarantine(this.ch, this.t.quarantine, this.tenantId, f);
  }

  async trimQuarantine(keep: number): Promise<number> {
    const [edge] = await this.ch.query(
      chsql`SELECT seq FROM ${this.t.quarantine} FINAL WHERE tenant_id = ${this.tenantId} ORDER BY seq DESC LIMIT 1 OFFSET ${keep}`,
      z.object({ seq: int }),
    );
    if (!edge) return 0;
    const where = chsql`tenant_id = ${this.tenantId} AND seq <= ${edge.seq}`;
    const [gone] = await this.ch.query(
      chsql`SELECT count() AS n FROM ${this.t.quarantine} FINAL WHERE ${where}`,
      z.object({ n: int }),
    );
    await deleteWhere(this.ch, this.t.local.quarantine, this.t.onCluster, where);
    return gone?.n ?? 0;
  }

  async listChains(): Promise<ChainHead[]> {
    const rows = await this.ch.query(
      chsql`SELECT writer_id, max(seq) AS head_seq, argMax(header_hash, seq) AS h FROM ${this.t.batches} FINAL WHERE tenant_id = ${this.tenantId} GROUP BY writer_id ORDER BY writer_id`,
      z.object({ writer_id: z.string(), head_seq: int, h: z.string() }),
    );
    return rows.map((r) => ({ writerId: r.writer_id, seq: r.head_seq, headerHash: r.h }));
  }

  async listBatches(writerId: string, fromSeq: number, limit: number): Promise<BatchRecord[]> {
    const rows = await this.ch.query(
      chsql`SELECT tenant_id, writer_id, seq, header, header_hash, signature, key_id, leaves, event_ids, created_at_ms FROM ${this.t.batches} FINAL
            WHERE tenant_id = ${this.tenantId} AND writer_id = ${writerId} AND seq >= ${fromSeq} ORDER BY seq LIMIT ${limit}`,
      batchRow,
    );
    return rows.map(toBatchRecord);
  }

  async eventsOfBatch(writerId: string, seq: number): Promise<StoredEvent[]> {
    const rows = await this.ch.query(
      chsql`SELECT ${DOC} FROM ${this.t.events} FINAL WHERE tenant_id = ${this.tenantId} AND writer_id = ${writerId} AND batch_seq = ${seq} ORDER BY leaf_index`,
      docRow,
    );
    return rows.map(toStoredEvent);
  }

  async eventsWithoutBatch(limit: number): Promise<StoredEvent[]> {
    const rows = await this.ch.query(
      chsql`SELECT ${DOC} FROM ${this.t.events} FINAL WHERE tenant_id = ${this.tenantId}
            AND (writer_id, batch_seq) NOT IN (SELECT writer_id, seq FROM ${this.t.batches} WHERE tenant_id = ${this.tenantId}) LIMIT ${limit}`,
      docRow,
    );
    return rows.map(toStoredEvent);
  }
}

export function tables(database: string, cluster: string | null): ChTables {
  const db = ident(database).ident;
  const named = (suffix: string) => {
    const raw = (name: string) => chsql([`${db}.${name}${suffix}`]);
    return {
      events: raw("events"),
      // Migration 7 replaced `event_ids` with this finer-grained copy.
      eventIds: raw("event_ids_v2"),
      eventsByActor: raw("events_by_actor"),
      rollups: Object.fromEntries(ROLLUP_NAMES.map((name) => [name, raw(name)])) as Record<
        RollupName,
        ChFragment
      >,
      durations: raw("rollup_hourly_durations"),
      batches: raw("integrity_batches"),
      quarantine: raw("quarantine"),
    };
  };
  return {
    ...named(""),
    local: named(cluster ? "_local" : ""),
    onCluster: chsql([cluster ? ` ON CLUSTER ${ident(cluster).ident}` : ""]),
  };
}
