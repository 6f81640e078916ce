import { sql } from "drizzle-orm";
import { integrityBatches, quarantine } from "../../schema";
import {
  type CommitUnit,
  ConcurrentInsertError,
  type EventRow,
  type Store,
  type StoreKind,
  type TenantStore,
} from "../types";
import { SqlAdminStore } from "./admin-store";
import type { Db } from "./database";
import { queryRows } from "./database";
import { insertEventsQuery } from "./insert-events";
import { projectText } from "./rows";
import { SqlTenantStore } from "./tenant-store";

/** PGlite and PostgreSQL share this implementation: one drizzle schema, one dialect. */
export class SqlStore implements Store {
  readonly admin: SqlAdminStore;
  readonly insertDetectsDuplicates = true;
  readonly rowEncoding = null;

  constructor(
    readonly kind: StoreKind,
    private readonly db: Db,
    private readonly hooks: {
      migrate(): Promise<void>;
      close(): Promise<void>;
      /** Told how many event rows each write stored (PGlite keeps its statistics with it). */
      written?(rows: number): void;
    },
  ) {
    this.admin = new SqlAdminStore(db);
  }

  migrate(): Promise<void> {
    return this.hooks.migrate();
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`SELECT 1`);
  }

  close(): Promise<void> {
    return this.hooks.close();
  }

  forTenant(tenantId: string): TenantStore {
    if (!tenantId) throw new Error("a tenant is required");
    return new SqlTenantStore(this.db, tenantId);
  }

  async commit(unit: CommitUnit): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const batch of unit.batches) {
        const { record } = batch;
        // rowEncoding is null: the pipeline hands this store row objects.
        if (!Array.isArray(batch.rows)) throw new Error("SQL stores take row objects");
        const rows = batch.rows;
        if (rows.length > 0) {
          const inserted = await queryRows<{ id: string }>(tx, insertEventsQuery(rows, "nothing"));
          if (inserted.length !== rows.length) {
            // Another writer stored some of these ids first; the sealed batch would list events
            // it does not own, so roll back and let the committer re-seal without them.
            const got = new Set(inserted.map((r) => r.id));
            throw new ConcurrentInsertError(
              record.tenantId,
              rows.filter((r) => !got.has(r.id)).map((r) => r.id),
            );
          }
        }
        await tx.insert(integrityBatches).values({
          tenantId: record.tenantId,
          writerId: record.writerId,
          seq: record.seq,
          header: record.header,
          headerHash: record.headerHash,
          signature: record.signature,
          keyId: record.keyId,
          count: record.eventIds.length,
          leaves: record.leaves,
          eventIds: record.eventIds,
          createdAt: record.createdAt,
        });
      }
      if (unit.quarantine.length > 0) {
        await tx
          .insert(quarantine)
          .values(
            unit.quarantine.map((q) => ({
              ...q,
              eventId: projectText(q.eventId),
              raw: projectText(q.raw) ?? "",
              errors: q.errors.map((e) => ({
                path: projectText(e.path),
                message: projectText(e.message),
              })),
              receivedAt: new Date(q.receivedAt),
            })),
          )
          .onConflictDoNothing();
      }
    });
    this.hooks.written?.(unit.batches.reduce((n, b) => n + b.record.eventIds.length, 0));
  }

  async rawInsertEvents(rows: EventRow[]): Promise<void> {
    await this.db.execute(insertEventsQuery(rows, "fail"));
    this.hooks.written?.(rows.length);
  }
}
