import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { DestinationRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { SEVERITIES } from "../../detect/types";
import { sealSlackUrl } from "../../notify/destination-url";
import { sealSecret } from "../../notify/secret-box";
import { newSigningSecret } from "../../notify/signing";
import { checkDestination } from "../../notify/ssrf";
import { audit, requirePermission, type TenantCtx } from "../context";
import { actorRef } from "../flags/flag-common";
import { parseInput } from "../parse-input";
import { destinationView, notifyEnv } from "./destination-view";

/** Each destination is a lane of the delivery worker; a bounded number keeps its work bounded. */
export const MAX_DESTINATIONS = 20;

export const createDestinationInput = z.object({
  kind: z.enum(["webhook", "slack"], { message: "choose webhook or slack" }),
  name: z.string().trim().min(1, "name the destination").max(100),
  url: z.string().trim().min(1, "enter the destination's URL").max(2000),
  minSeverity: z
    .enum(SEVERITIES, { message: `use one of ${SEVERITIES.join(", ")}` })
    .default("high"),
});
export type CreateDestinationInput = z.input<typeof createDestinationInput>;

/**
 * Adds a notification destination. Its URL must resolve to public addresses only (ssrf.ts; checked
 * again at every delivery). A webhook gets a signing secret, returned here once and stored only
 * encrypted; a Slack incoming webhook is not signed (Slack does not check signatures), and its URL,
 * the credential, is stored only encrypted (lib/notify/destination-url.ts).
 */
export async function createDestination({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: CreateDestinationInput;
}) {
  requirePermission(ctx, "detection:configure");
  const data = parseInput(createDestinationInput, input);
  const env = notifyEnv(ctx);
  const store = ctx.data.detection;
  if ((await store.listDestinations()).length >= MAX_DESTINATIONS)
    throw new TooltrailError(
      "conflict",
      `a tenant has at most ${MAX_DESTINATIONS} destinations; remove one first`,
    );
  await checkDestination(data.url, {
    allowPrivate: env.allowPrivate,
    ...(env.resolve ? { resolve: env.resolve } : {}),
  });
  const id = `dst_${randomBytes(9).toString("base64url")}`;
  const secret = data.kind === "webhook" ? newSigningSecret() : null;
  const where = { tenantId: ctx.tenant.id, destinationId: id };
  const record: DestinationRecord = {
    id,
    kind: data.kind,
    name: data.name,
    ...(secret
      ? { url: data.url, secretCiphertext: sealSecret(env.rootKey, where, secret) }
      : sealSlackUrl(env.rootKey, where, data.url)),
    minSeverity: data.minSeverity,
    enabled: true,
    createdBy: actorRef(ctx),
    createdAt: ctx.now(),
  };
  await store.putDestination(record);
  await audit(ctx, {
    action: "notification.destination_created",
    details: {
      destination_id: id,
      kind: data.kind,
      name: data.name,
      url: destinationView(record).url,
      min_severity: data.minSeverity,
    },
  });
  return { destination: destinationView(record), secret };
}
