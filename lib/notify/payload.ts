import { z } from "zod";
import type { FlagRecord } from "../../db/store/detection-types";

/**
 * What a notification says. The queued payload (DeliveryRecord.payload) is the flag as it was
 * when it was queued; the body is rendered per destination at each attempt, adding the dashboard
 * link (the instance's public URL) and the delivery id receivers use to drop duplicates.
 */
export const notificationPayload = z.object({
  type: z.string(),
  tenant: z.string(),
  flag: z
    .object({
      id: z.string(),
      rule: z.string(),
      rule_version: z.number(),
      severity: z.string(),
      status: z.string(),
      subject: z.object({ kind: z.string(), key: z.string(), label: z.string() }),
      sentence: z.string(),
      window: z.object({ start: z.string(), end: z.string() }),
      observed: z.record(z.string(), z.number()),
      baseline: z.record(z.string(), z.number()).nullable(),
      evidence_count: z.number(),
    })
    .nullable(),
});
export type NotificationPayload = z.infer<typeof notificationPayload>;

export function flagPayload(tenant: string, type: string, f: FlagRecord): NotificationPayload {
  return {
    type,
    tenant,
    flag: {
      id: f.id,
      rule: f.rule,
      rule_version: f.ruleVersion,
      severity: f.severity,
      status: f.status,
      subject: { kind: f.subjectKind, key: f.subjectKey, label: f.subjectLabel },
      sentence: f.sentence,
      window: { start: f.start.toISOString(), end: f.end.toISOString() },
      observed: f.observed,
      baseline: f.baseline,
      evidence_count: f.evidence.length,
    },
  };
}

export function testPayload(tenant: string): NotificationPayload {
  return { type: "test", tenant, flag: null };
}

type RenderCtx = { publicUrl: string; deliveryId: string; sentAt: Date };

function link(p: NotificationPayload, publicUrl: string): string {
  const base = publicUrl.replace(/\/$/, "");
  const t = encodeURIComponent(p.tenant);
  return p.flag ? `${base}/${t}/flags/${encodeURIComponent(p.flag.id)}` : `${base}/${t}/settings`;
}

/** The generic webhook's JSON body. */
export function webhookBody(p: NotificationPayload, r: RenderCtx): string {
  return JSON.stringify({
    id: r.deliveryId,
    type: p.type,
    sent_at: r.sentAt.toISOString(),
    tenant: p.tenant,
    flag: p.flag,
    link: link(p, r.publicUrl),
  });
}

/**
 * Slack's mrkdwn reads `<…>` as links and mentions (`<!channel>`, `<@U1>`, `<https://x|click>`),
 * and `&` starts its escapes: event-derived text (actor names, tool names, the sentence) is
 * escaped so that a hostile name is shown as typed and cannot notify or link anyone.
 */
export function slackEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A Slack incoming webhook's body: `text` (notifications, fallback) and blocks. */
export function slackBody(p: NotificationPayload, r: RenderCtx): string {
  const url = link(p, r.publicUrl);
  const f = p.flag;
  const text = f
    ? `[${f.severity}] ${slackEscape(f.rule)}: ${slackEscape(f.sentence)}`
    : `Tooltrail test notification for ${slackEscape(p.tenant)}`;
  const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text } }];
  if (f)
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `${slackEscape(f.subject.kind)} ${slackEscape(f.subject.label)} · ${f.window.start} – ${f.window.end} · ${p.type}`,
        },
      ],
    });
  // The link is ours (public URL, encoded ids), so it is the one `<url|label>` in the message.
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: `<${url}|${f ? "Open the flag" : "Open settings"} in Tooltrail>`,
    },
  });
  return JSON.stringify({ text, blocks, unfurl_links: false, unfurl_media: false });
}
