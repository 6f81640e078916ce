import type { SpanTally, Store } from "../../db/store/types";

/**
 * OTLP span counts per (tenant, key, hour), gathered in memory and added to the store by the
 * pipeline's housekeeping, like key usage: bookkeeping never costs a request a write.
 */
export class SpanTallies {
  private readonly rows = new Map<string, SpanTally>();

  add(t: Omit<SpanTally, "hour">, at: Date): void {
    const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
    const k = `${t.tenantId}\u0000${t.ingestKeyId}\u0000${hour.getTime()}`;
    const row = this.rows.get(k);
    if (!row) {
      this.rows.set(k, { ...t, hour });
      return;
    }
    row.spans += t.spans;
    row.events += t.events;
    row.dropped += t.dropped;
    row.rejected += t.rejected;
  }

  /** Writes what was gathered; on failure the counts are kept for the next attempt. */
  async flush(store: Store): Promise<void> {
    if (this.rows.size === 0) return;
    const rows = [...this.rows.values()];
    this.rows.clear();
    try {
      await store.admin.addSpanTallies(rows);
    } catch (err) {
      for (const r of rows) this.add(r, r.hour);
      throw err;
    }
  }
}
