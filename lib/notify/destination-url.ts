import type { DestinationRecord, DetectionStore } from "../../db/store/detection-types";
import { openSecret, sealSecret } from "./secret-box";

/**
 * A Slack incoming-webhook URL is its own credential (whoever has it can post to the channel), so
 * it is stored like a signing secret: sealed in `secretCiphertext` (Slack destinations have no
 * signing secret), with only its masked form in `url` for Settings, the API and the audit log.
 * It is opened only to deliver. Rows stored before this (the URL in `url`, nothing sealed) are
 * still read as they are and sealed by the delivery worker when it lists them.
 */

/** Host and the last 4 characters: enough to tell destinations apart, not to post to them. */
export function maskSlackUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}/…${raw.slice(-4)}`;
  } catch {
    return "(invalid URL)";
  }
}

/** True for a Slack destination still stored with its URL in plain text. */
export function plainSlack(d: DestinationRecord): boolean {
  return d.kind === "slack" && d.secretCiphertext === null;
}

/** The stored `url` and `secretCiphertext` of a Slack destination's URL. */
export function sealSlackUrl(
  root: Buffer,
  where: { tenantId: string; destinationId: string },
  url: string,
): { url: string; secretCiphertext: string } {
  return {
    url: maskSlackUrl(url),
    secretCiphertext: sealSecret(root, { ...where, purpose: "slack-url" }, url),
  };
}

/** The URL to post to (decrypted for a sealed Slack destination). */
export function destinationUrl(root: Buffer, tenantId: string, d: DestinationRecord): string {
  if (d.kind !== "slack" || d.secretCiphertext === null) return d.url;
  return openSecret(
    root,
    { tenantId, destinationId: d.id, purpose: "slack-url" },
    d.secretCiphertext,
  );
}

/**
 * Seals the URLs of a tenant's Slack destinations stored in plain text; returns the list as
 * stored after. The store's update applies only while the row still holds that plain URL, so a
 * destination removed or changed meanwhile is not written back.
 */
export async function sealPlainSlackUrls(
  root: Buffer,
  tenantId: string,
  detection: Pick<DetectionStore, "sealDestinationUrl">,
  list: DestinationRecord[],
): Promise<DestinationRecord[]> {
  const out: DestinationRecord[] = [];
  for (const d of list) {
    if (!plainSlack(d)) {
      out.push(d);
      continue;
    }
    const sealed = sealSlackUrl(root, { tenantId, destinationId: d.id }, d.url);
    const done = await detection.sealDestinationUrl(d.id, d.url, sealed);
    out.push(done ? { ...d, ...sealed } : d);
  }
  return out;
}
