import { z } from "zod";
import type { EventPage } from "../../../db/store/types";
import { eventV1Schema, type StoredEvent } from "../../core/contract";
import { storable } from "../../core/contract/well-formed";
import { type BatchStatus, eventBatchStatus } from "../../queries/integrity";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

export const readEventInput = z.object({ id: eventV1Schema.shape.id });

/** The fields an event is correlated by, the explorer filter of each, and its panel's title. */
export const CORRELATE = [
  ["session_id", "session", "Same session"],
  ["trace_id", "trace", "Same trace"],
  ["conversation_id", "conversation", "Same conversation"],
] as const;
export type Correlation = (typeof CORRELATE)[number];

export type EventDetail = {
  event: StoredEvent;
  /** Whether the role may read payloads (arguments, error message, labels). */
  payload: boolean;
  integrity: BatchStatus;
  /** For each of CORRELATE: the first 25 events sharing the value, or null when it has none. */
  related: { correlation: Correlation; page: EventPage }[];
};

/**
 * One event with its batch's integrity (recomputed now against the writers' public keys) and
 * the events of the same session, trace and conversation. Audited as `event.open`, or
 * `event.open_payload` for a role that sees the payload. Null when the tenant has no such event.
 */
export async function readEvent({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readEventInput>;
}): Promise<EventDetail | null> {
  const { id } = parseInput(readEventInput, input);
  requirePermission(ctx, "events:read");
  const event = await ctx.data.getEvent(id);
  if (!event) return null;
  const payload = ctx.can("events:payload");
  await audit(ctx, {
    action: payload ? "event.open_payload" : "event.open",
    details: { event_id: event.id },
  });
  const [integrity, ...pages] = await Promise.all([
    eventBatchStatus(ctx.data, await ctx.store.admin.writerKeys(), event),
    ...CORRELATE.map(([field, filter]) => {
      const value = event[field];
      // storable(): what the column holds for a value stored before strings were repaired.
      return value
        ? ctx.data.listEvents({ [filter]: storable(value), limit: 25, order: "asc" })
        : Promise.resolve(null);
    }),
  ]);
  const related = CORRELATE.flatMap((correlation, i) => {
    const page = pages[i];
    return page ? [{ correlation, page }] : [];
  });
  return { event, payload, integrity, related };
}
