import { createHash } from "node:crypto";
import type {
  DeliveryRecord,
  DestinationRecord,
  DetectionStore,
  FlagRecord,
} from "../../db/store/detection-types";
import { SEVERITIES } from "../detect/types";
import { flagPayload, type NotificationPayload } from "./payload";

/** The part of a tenant store enqueueing needs (TenantStore satisfies it). */
export type NotifyData = { readonly tenantId: string; readonly detection: DetectionStore };

/** Rank of a severity; an unknown one ranks highest, so it is sent rather than lost. */
export function severityRank(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i === -1 ? SEVERITIES.length : i;
}

export function meetsSeverity(severity: string, min: string): boolean {
  return severityRank(severity) >= severityRank(min);
}

/**
 * Delivery ids are derived from what is sent (flag, destination, kind, severity), and the store
 * ignores a known id: an evaluation that is retried after a crash queues nothing twice, and each
 * escalation (a new severity) is its own delivery.
 */
export function deliveryId(parts: readonly string[]): string {
  return `dlv_${createHash("sha256").update(parts.join("\u001f")).digest("base64url").slice(0, 24)}`;
}

export function newDelivery(
  destination: DestinationRecord,
  kind: string,
  flagId: string | null,
  payload: NotificationPayload,
  id: string,
  now: Date,
): DeliveryRecord {
  return {
    id,
    destinationId: destination.id,
    kind,
    flagId,
    payload,
    status: "pending",
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    lastStatus: null,
    createdAt: now,
    deliveredAt: null,
  };
}

/**
 * Called by the detection engine after a commit that created or escalated flags: one delivery
 * per enabled destination whose minimum severity the flag meets. Only a store write: the worker
 * (worker.ts) sends them, so evaluation never waits on a destination. Flags whose id is in
 * `escalated` are sent as `flag.escalated`, the others as `flag.opened`. Returns how many.
 */
export async function enqueueFlagNotifications({
  data,
  flags,
  now,
  escalated,
}: {
  data: NotifyData;
  flags: readonly FlagRecord[];
  now: Date;
  escalated?: ReadonlySet<string>;
}): Promise<number> {
  if (flags.length === 0) return 0;
  const destinations = (await data.detection.listDestinations()).filter((d) => d.enabled);
  if (destinations.length === 0) return 0;
  const out: DeliveryRecord[] = [];
  for (const f of flags) {
    const kind = escalated?.has(f.id) ? "flag.escalated" : "flag.opened";
    const payload = flagPayload(data.tenantId, kind, f);
    for (const d of destinations) {
      if (!meetsSeverity(f.severity, d.minSeverity)) continue;
      const id = deliveryId([d.id, f.id, kind, f.severity]);
      out.push(newDelivery(d, kind, f.id, payload, id, now));
    }
  }
  if (out.length > 0) await data.detection.enqueueDeliveries(out);
  return out.length;
}
