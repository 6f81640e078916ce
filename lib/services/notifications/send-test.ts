import { randomBytes } from "node:crypto";
import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { attemptDelivery } from "../../notify/deliver";
import { newDelivery } from "../../notify/enqueue";
import { testPayload } from "../../notify/payload";
import { afterAttempt, DEFAULT_RETRY } from "../../notify/retry";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { notifyEnv } from "./destination-view";

export const sendTestInput = z.object({ id: z.string().trim().min(1).max(100) });

/**
 * Sends a `test` notification to a destination now and says what happened; the attempt is
 * recorded in the delivery log. A test is not retried: the person who pressed the button reads
 * the answer, fixes the receiver and presses it again.
 */
export async function sendTest({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof sendTestInput>;
}) {
  requirePermission(ctx, "detection:configure");
  const { id } = parseInput(sendTestInput, input);
  const env = notifyEnv(ctx);
  const store = ctx.data.detection;
  const destination = await store.getDestination(id);
  if (!destination) throw new TooltrailError("not-found", `no destination ${id} in this tenant`);
  const now = ctx.now();
  const delivery = newDelivery(
    destination,
    "test",
    null,
    testPayload(ctx.tenant.id),
    `dlv_${randomBytes(12).toString("base64url")}`,
    now,
  );
  const result = await attemptDelivery(env, ctx.tenant.id, destination, delivery, now);
  const single = { ...DEFAULT_RETRY, maxAttempts: 1 };
  // Queued already settled (delivered or failed), so the worker never sends it again.
  await store.enqueueDeliveries([
    { ...delivery, ...afterAttempt(delivery, result, ctx.now(), single, Math.random) },
  ]);
  await audit(ctx, {
    action: "notification.test_sent",
    outcome: result.ok ? "ok" : "error",
    details: {
      destination_id: id,
      delivery_id: delivery.id,
      status: result.status,
      ...(result.ok ? {} : { error: result.error }),
    },
  });
  return result.ok
    ? { ok: true as const, status: result.status, deliveryId: delivery.id }
    : { ok: false as const, status: result.status, error: result.error, deliveryId: delivery.id };
}
