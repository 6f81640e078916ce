import type { integrityBatches } from "../../schema";
import type { BatchRecord } from "../types";

type BatchRow = typeof integrityBatches.$inferSelect;

export function toBatchRecord(r: BatchRow): BatchRecord {
  return {
    tenantId: r.tenantId,
    writerId: r.writerId,
    seq: Number(r.seq),
    header: r.header as Record<string, unknown>,
    headerHash: r.headerHash,
    signature: r.signature,
    keyId: r.keyId,
    leaves: Buffer.from(r.leaves),
    eventIds: r.eventIds as string[],
    createdAt: r.createdAt,
  };
}

/** PostgreSQL text cannot hold U+0000; projections get U+FFFD while `doc` keeps the exact value. */
export function projectText(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
}
