import type { DeliveryRecord, DestinationRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import type { NotifyEnv } from "../../notify/deliver";
import { maskSlackUrl, plainSlack } from "../../notify/destination-url";
import type { TenantCtx } from "../context";

/** The notification settings of the process, or a message saying where they exist. */
export function notifyEnv(ctx: TenantCtx): NotifyEnv {
  if (!ctx.notify)
    throw new TooltrailError(
      "unavailable",
      "notifications are sent by the running server (npm start); use the dashboard",
    );
  return ctx.notify;
}

/**
 * A webhook URL may carry a token, so after creation only the scheme and host are shown: enough
 * to tell destinations apart with their names, not enough to post to them. (A Slack URL, its own
 * credential, is shown as host and last 4 characters: lib/notify/destination-url.ts.)
 */
export function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "(invalid URL)";
  }
}

export type DestinationView = Omit<DestinationRecord, "url" | "secretCiphertext"> & {
  url: string;
  signed: boolean;
};

export function destinationView(d: DestinationRecord): DestinationView {
  const { secretCiphertext, url, ...rest } = d;
  if (d.kind === "slack")
    // A sealed Slack destination stores only the masked URL; an older row, the URL itself.
    return { ...rest, url: plainSlack(d) ? maskSlackUrl(url) : url, signed: false };
  return { ...rest, url: maskUrl(url), signed: secretCiphertext !== null };
}

/** A delivery for the log: what happened, not what was sent (the payload names actors). */
export type DeliveryView = Omit<DeliveryRecord, "payload">;

export function deliveryView(d: DeliveryRecord): DeliveryView {
  const { payload: _, ...rest } = d;
  return rest;
}
