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
 * The deliveries of flags created or escalated by one evaluation: one per enabled destination
 * whose minimum severity the flag meets. The engine hands them to its commit (the outbox), so
 * they are stored with the flags or not at all; the worker (worker.ts) sends them, and
 * evaluation never waits on a destination. Flags whose id is in `escalated` are sent as
 * `flag.escalated`, the others as `flag.opened`.
 */
export function flagDeliveries({
  tenantId,
  destinations,
  flags,
  now,
  escalated,
}: {
  tenantId: string;
  destinations: readonly DestinationRecord[];
  flags: readonly FlagRecord[];
  now: Date;
  escalated?: ReadonlySet<string>;
}): DeliveryRecord[] {
  const enabled = destinations.filter((d) => d.enabled);
  const out: DeliveryRecord[] = [];
  if (enabled.length === 0) return out;
  for (const f of flags) {
    const kind = escalated?.has(f.id) ? "flag.escalated" : "flag.opened";
    const payload = flagPayload(tenantId, kind, f);
    for (const d of enabled) {
      if (!meetsSeverity(f.severity, d.minSeverity)) continue;
      const id = deliveryId([d.id, f.id, kind, f.severity]);
      out.push(newDelivery(d, kind, f.id, payload, id, now));
    }
  }
  return out;
}

/** Queues flagDeliveries on their own (tests and tools; the engine queues them in its commit). */
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
  const destinations = await data.detection.listDestinations();
  const out = flagDeliveries({ tenantId: data.tenantId, destinations, flags, now, escalated });
  if (out.length > 0) await data.detection.enqueueDeliveries(out);
  return out.length;
}
