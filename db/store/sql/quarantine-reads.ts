import { and, asc, count, desc, eq, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import { quarantine } from "../../schema";
import type { QuarantinedEvent, QuarantineFilter, QuarantineQuery } from "../types";
import type { Db } from "./database";

function conditions(tenantId: string, f: QuarantineFilter): (SQL | undefined)[] {
  const text = f.errorText;
  return [
    eq(quarantine.tenantId, tenantId),
    f.range?.from ? gte(quarantine.receivedAt, f.range.from) : undefined,
    f.range?.to ? lt(quarantine.receivedAt, f.range.to) : undefined,
    f.ingestKeyId === undefined ? undefined : eq(quarantine.ingestKeyId, f.ingestKeyId),
    f.eventId === undefined ? undefined : eq(quarantine.eventId, f.eventId),
    // COLLATE "C": lower() folds ASCII letters only, as ClickHouse's lower() does, so both
    // backends match the same rows whatever the database's locale.
    text === undefined || text === ""
      ? undefined
      : sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${quarantine.errors}) AS e(v)
          WHERE strpos(lower((e.v->>'path') COLLATE "C"), lower(${text} COLLATE "C")) > 0
             OR strpos(lower((e.v->>'message') COLLATE "C"), lower(${text} COLLATE "C")) > 0)`,
  ];
}

/** One page of a tenant's quarantine (see TenantStore.listQuarantine). */
export async function sqlListQuarantine(
  db: Db,
  tenantId: string,
  q: QuarantineQuery,
): Promise<QuarantinedEvent[]> {
  const newer = q.afterSeq !== undefined;
  const rows = await db
    .select()
    .from(quarantine)
    .where(
      and(
        ...conditions(tenantId, q),
        q.beforeSeq === undefined ? undefined : lt(quarantine.seq, q.beforeSeq),
        newer ? gt(quarantine.seq, q.afterSeq ?? 0) : undefined,
      ),
    )
    // Newer pages start next to the cursor, so they read upwards and are turned round.
    .orderBy(newer ? asc(quarantine.seq) : desc(quarantine.seq))
    .limit(q.limit);
  const page = rows.map((r) => ({
    ...r,
    receivedAt: r.receivedAt.toISOString(),
    errors: r.errors as QuarantinedEvent["errors"],
  }));
  return newer ? page.reverse() : page;
}

export async function sqlCountQuarantine(
  db: Db,
  tenantId: string,
  f: QuarantineFilter,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(quarantine)
    .where(and(...conditions(tenantId, f)));
  return Number(row?.n ?? 0);
}
