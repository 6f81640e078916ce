import type { DeliveryRecord, DestinationRecord } from "../../db/store/detection-types";
import { isTooltrailError } from "../core/errors";
import { destinationUrl } from "./destination-url";
import { notificationPayload, slackBody, webhookBody } from "./payload";
import { type PostResult, pinnedPost } from "./pinned-post";
import { openSecret } from "./secret-box";
import { SIGNATURE_HEADER, signatureHeader } from "./signing";
import { checkDestination, type Resolver } from "./ssrf";

/** What delivering needs from the instance (server/app-server.ts builds it from the config). */
export type NotifyEnv = {
  /** lib/notify/secret-box.ts#notifyRootKey of the master secret. */
  rootKey: Buffer;
  /** NOTIFY_ALLOW_PRIVATE_DESTINATIONS. */
  allowPrivate: boolean;
  /** The dashboard's public base URL, for the link in each notification. */
  publicUrl: string;
  /** Tests only: a resolver instead of the system's DNS. */
  resolve?: Resolver;
  /** Per attempt; 5 s unless a test shortens it. */
  timeoutMs?: number;
};

/**
 * One attempt of one delivery: the URL (a Slack one decrypted here) is checked again (the address it resolves to now, which
 * the request is pinned to), the body rendered for the destination's kind, a webhook's body
 * signed with a fresh timestamp. Never throws: every failure is a result for the delivery log.
 */
export async function attemptDelivery(
  env: NotifyEnv,
  tenantId: string,
  destination: DestinationRecord,
  delivery: DeliveryRecord,
  now: Date,
): Promise<PostResult> {
  try {
    const parsed = notificationPayload.safeParse(delivery.payload);
    if (!parsed.success) return { ok: false, status: null, error: "unreadable payload" };
    const url = destinationUrl(env.rootKey, tenantId, destination);
    const target = await checkDestination(url, {
      allowPrivate: env.allowPrivate,
      ...(env.resolve ? { resolve: env.resolve } : {}),
    });
    const render = { publicUrl: env.publicUrl, deliveryId: delivery.id, sentAt: now };
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Tooltrail-Notifications/1",
    };
    let body: string;
    if (destination.kind === "slack") body = slackBody(parsed.data, render);
    else {
      body = webhookBody(parsed.data, render);
      if (!destination.secretCiphertext)
        return { ok: false, status: null, error: "the webhook has no signing secret" };
      const secret = openSecret(
        env.rootKey,
        { tenantId, destinationId: destination.id },
        destination.secretCiphertext,
      );
      headers[SIGNATURE_HEADER] = signatureHeader(secret, body, Math.floor(now.getTime() / 1000));
      headers["Tooltrail-Delivery"] = delivery.id;
      headers["Tooltrail-Event"] = parsed.data.type;
    }
    return await pinnedPost(target, {
      headers,
      body,
      ...(env.timeoutMs ? { timeoutMs: env.timeoutMs } : {}),
    });
  } catch (err) {
    // Refused or unresolvable URLs and undecryptable secrets are TooltrailErrors with a message
    // a person can act on; anything else is reported by name only.
    return {
      ok: false,
      status: null,
      error: isTooltrailError(err) ? err.message : `internal error (${(err as Error).name})`,
    };
  }
}
