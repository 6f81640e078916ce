import type { CommitUnit, QuarantineRow, Store } from "../../db/store/types";
import type { PreparedEvent } from "../prepare/prepare";
import { type BatchSealer, sealTenantBatch } from "./seal";

export type SubmitResult = { accepted: number; duplicates: number; spooled: boolean };

/** One request's share of a group commit. */
export type Submission = {
  tenantId: string;
  events: PreparedEvent[];
  quarantine: QuarantineRow[];
  done?: { resolve(r: SubmitResult): void; reject(e: unknown): void };
};

/**
 * Turns a group of requests into one commit unit: drops ids already stored (when asked to look),
 * already waiting to be stored (`pending`), or repeated within the group, then seals one batch
 * per tenant. Results count each request's accepted events and duplicates.
 */
export async function sealGroup(
  store: Store,
  sealer: BatchSealer,
  group: readonly Submission[],
  o: { checkExisting: boolean; pending?: (tenantId: string) => ReadonlySet<string> },
): Promise<{ unit: CommitUnit; results: SubmitResult[] }> {
  const results = group.map(() => ({ accepted: 0, duplicates: 0, spooled: false }));
  const unit: CommitUnit = { batches: [], quarantine: group.flatMap((s) => s.quarantine) };
  const byTenant = new Map<string, number[]>();
  for (const [i, s] of group.entries())
    byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), i]);
  for (const [tenantId, members] of byTenant) {
    const ids = members.flatMap((i) => (group[i] as Submission).events.map((e) => e.id));
    const existing = o.checkExisting
      ? await store.forTenant(tenantId).existingEventIds([...new Set(ids)])
      : new Set<string>();
    const pending = o.pending?.(tenantId);
    const seen = new Set<string>();
    const fresh: PreparedEvent[] = [];
    for (const i of members) {
      const r = results[i] as SubmitResult;
      for (const e of (group[i] as Submission).events) {
        const id = e.id;
        if (existing.has(id) || seen.has(id) || pending?.has(id)) r.duplicates++;
        else {
          seen.add(id);
          fresh.push(e);
          r.accepted++;
        }
      }
    }
    if (fresh.length > 0) unit.batches.push(await sealTenantBatch(sealer, store, tenantId, fresh));
  }
  return { unit, results };
}
