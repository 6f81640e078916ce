import { describe, expect, it } from "vitest";
import type { FlagRecord } from "../../db/store/detection-types";
import { flagPayload, notificationPayload, slackBody, slackEscape, webhookBody } from "./payload";

const at = new Date("2026-03-01T14:00:00Z");
const hostile = "<!channel> <https://evil.test|click> & <@U123>";
const flag: FlagRecord = {
  id: "flg_1",
  rule: "volume_spike",
  ruleVersion: 1,
  params: {},
  groupKey: "alice",
  subjectKind: "actor",
  subjectKey: "alice",
  subjectLabel: hostile,
  severity: "high",
  status: "open",
  active: true,
  start: at,
  end: new Date(at.getTime() + 3_600_000),
  observed: { calls: 412 },
  baseline: { median: 9, mad: 4 },
  sentence: `${hostile} called delete_file 412 times`,
  evidence: ["e1", "e2"],
  assignee: null,
  resolution: null,
  resolutionNote: null,
  incidentId: null,
  firstSeen: at,
  lastSeen: at,
  createdAt: at,
  updatedAt: at,
};
const render = { publicUrl: "https://tt.example.com/", deliveryId: "dlv_1", sentAt: at };

describe("notification bodies", () => {
  it("the queued payload round-trips its schema (it is read back from the store)", () => {
    const p = flagPayload("acme", "flag.opened", flag);
    expect(notificationPayload.parse(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });

  it("the webhook body carries the flag, figures, window and a dashboard link", () => {
    const body = JSON.parse(webhookBody(flagPayload("acme", "flag.opened", flag), render));
    expect(body).toMatchObject({
      id: "dlv_1",
      type: "flag.opened",
      tenant: "acme",
      link: "https://tt.example.com/acme/flags/flg_1",
      flag: {
        id: "flg_1",
        rule: "volume_spike",
        severity: "high",
        subject: { kind: "actor", key: "alice", label: hostile },
        window: { start: "2026-03-01T14:00:00.000Z", end: "2026-03-01T15:00:00.000Z" },
        observed: { calls: 412 },
        baseline: { median: 9, mad: 4 },
        evidence_count: 2,
      },
    });
    expect(body.flag.sentence).toContain(hostile);
  });

  it("escapes event-derived text for Slack so a name cannot mention or link", () => {
    expect(slackEscape("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
    const raw = slackBody(flagPayload("acme", "flag.opened", flag), render);
    const body = JSON.parse(raw) as { text: string; blocks: { text?: { text: string } }[] };
    const texts = [body.text, ...(JSON.stringify(body.blocks).match(/"text":"[^"]*"/g) ?? [])];
    const all = texts.join("\n");
    expect(all).not.toContain("<!channel>");
    expect(all).not.toContain("<@U123>");
    expect(all).not.toContain("<https://evil.test");
    expect(body.text).toContain(
      "&lt;!channel&gt; &lt;https://evil.test|click&gt; &amp; &lt;@U123&gt;",
    );
    // The only link is ours.
    expect([...all.matchAll(/<(https?:[^|>]*)\|/g)].map((m) => m[1])).toEqual([
      "https://tt.example.com/acme/flags/flg_1",
    ]);
  });

  it("a test notification links to the settings page", () => {
    const raw = slackBody({ type: "test", tenant: "acme", flag: null }, render);
    expect(raw).toContain("https://tt.example.com/acme/settings|Open settings");
  });
});
