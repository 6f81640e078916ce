import { desc, sql } from "drizzle-orm";
import { securityLog } from "../../schema";
import type { SecurityLogEntry, SecurityLogKind, SecurityLogStore } from "../instance-types";
import { type Db, queryRows } from "./database";

const HOUR = 3_600_000;

export class SqlSecurityLog implements SecurityLogStore {
  constructor(private readonly db: Db) {}

  async record(
    e: { kind: SecurityLogKind; email: string; address: string; at: Date; locked: boolean },
    keep: number,
  ): Promise<void> {
    const locked = e.locked ? 1 : 0;
    await this.db
      .insert(securityLog)
      .values({
        kind: e.kind,
        email: e.email,
        address: e.address,
        hour: new Date(Math.floor(e.at.getTime() / HOUR) * HOUR),
        attempts: 1,
        lockedAttempts: locked,
        firstAt: e.at,
        lastAt: e.at,
      })
      .onConflictDoUpdate({
        target: [securityLog.kind, securityLog.email, securityLog.address, securityLog.hour],
        set: {
          attempts: sql`${securityLog.attempts} + 1`,
          lockedAttempts: sql`${securityLog.lockedAttempts} + ${locked}`,
          lastAt: sql`greatest(${securityLog.lastAt}, excluded.last_at)`,
        },
      });
    // Newest rows by id (a new email, address or hour is a new row): one index probe per write.
    await queryRows(
      this.db,
      sql`DELETE FROM ${securityLog} WHERE id <= (
            SELECT id FROM ${securityLog} ORDER BY id DESC OFFSET ${keep} LIMIT 1)`,
    );
  }

  async list(limit: number): Promise<SecurityLogEntry[]> {
    const rows = await this.db
      .select()
      .from(securityLog)
      .orderBy(desc(securityLog.lastAt), desc(securityLog.id))
      .limit(limit);
    return rows.map((r) => ({
      kind: r.kind as SecurityLogKind,
      email: r.email,
      address: r.address,
      attempts: r.attempts,
      lockedAttempts: r.lockedAttempts,
      firstAt: r.firstAt,
      lastAt: r.lastAt,
    }));
  }
}
