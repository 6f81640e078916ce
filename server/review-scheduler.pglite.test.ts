import { afterEach, expect, it } from "vitest";
import { openPgliteStore } from "../db/store/pglite";
import type { Store } from "../db/store/types";
import { type AuditAction, operatorTenantCtx, type ServiceCtx } from "../lib/services/context";
import { createCampaign } from "../lib/services/reviews/create-campaign";
import { startCampaign } from "../lib/services/reviews/start-campaign";
import { DUE_POLICY_OPERATOR, startReviewScheduler } from "./review-scheduler";

const DAY = 86_400_000;
let store: Store | undefined;
afterEach(async () => store?.close());

it("applies a past-due campaign's configured outcome by itself, once, and goes on past a failing tenant", async () => {
  const s = await openPgliteStore(undefined);
  store = s;
  await s.migrate();
  // "broken" lists first: its failure must not keep acme's campaign from its outcome.
  await s.admin.createTenant({ id: "broken", name: "broken" });
  await s.admin.createTenant({ id: "acme", name: "acme" });
  for (const [email, role] of [
    ["owner@acme.test", "owner"],
    ["co@acme.test", "compliance_officer"],
    ["view@acme.test", "viewer"],
  ] as const) {
    const u = await s.admin.createUser({ email });
    await s.admin.addMembership({ userId: u.id, tenantId: "acme", role });
  }
  let clock = new Date("2026-06-01T00:00:00Z");
  const audits: { tenant: string; actor: string; action: AuditAction }[] = [];
  const ctx: ServiceCtx = {
    store: new Proxy(s, {
      get(t, p) {
        if (p === "forTenant")
          return (id: string) => {
            if (id === "broken") throw new Error("broken's store is down");
            return t.forTenant(id);
          };
        const v = Reflect.get(t, p);
        return typeof v === "function" ? v.bind(t) : v;
      },
    }),
    actor: { kind: "operator", name: "ops@host" },
    audit: async (tenant, actor, action) => {
      audits.push({ tenant, actor: actor.kind === "operator" ? actor.name : actor.userId, action });
    },
    now: () => clock,
  };
  const acme = await operatorTenantCtx(ctx, "acme");
  const campaign = await createCampaign({
    ctx: acme,
    input: {
      name: "Q2 members",
      definition: {
        scope: { everything: true },
        reviewers: { fallback: "co@acme.test" },
        dueOutcome: "keep",
        reminderDays: 2,
      },
      dueAt: new Date(clock.getTime() + 10 * DAY),
    },
  });
  await startCampaign({ ctx: acme, input: { campaign: campaign.id } });
  const entries = await s.forTenant("acme").reviews.listEntries(campaign.id);
  expect(entries.length).toBeGreaterThan(0);

  audits.length = 0;
  const errors: string[] = [];
  // intervalMs 0: no timer, passes only when asked (the server uses REVIEW_DUE_INTERVAL_SECONDS).
  const scheduler = startReviewScheduler({
    ctx,
    intervalMs: 0,
    log: { info() {}, error: (msg) => errors.push(msg) },
  });
  // Not yet within the reminder days: nothing happens.
  await scheduler.runPass();
  expect(audits.filter((a) => a.tenant === "acme")).toEqual([]);
  // Within them: one reminder per reviewer, once.
  clock = new Date(clock.getTime() + 9 * DAY);
  await scheduler.runPass();
  await scheduler.runPass();
  const reminders = audits.filter((a) => a.action.action === "review.reminder");
  expect(reminders).toHaveLength(new Set(entries.map((e) => e.reviewerUserId)).size);
  expect(reminders.every((r) => r.tenant === "acme" && r.actor === DUE_POLICY_OPERATOR)).toBe(true);
  expect(await s.forTenant("acme").reviews.listDecisions(campaign.id)).toEqual([]);
  // Past the due date: the configured outcome on every undecided entry, once.
  clock = new Date(clock.getTime() + 2 * DAY);
  await scheduler.runPass();
  await scheduler.runPass();
  const decisions = await s.forTenant("acme").reviews.listDecisions(campaign.id);
  expect(decisions).toHaveLength(entries.length);
  expect(
    decisions.every((d) => d.automatic && d.decidedBy === "due-date" && d.decision === "keep"),
  ).toBe(true);
  expect(audits.filter((a) => a.action.action === "review.due_outcome_applied")).toHaveLength(1);
  expect((await s.forTenant("acme").reviews.getCampaign(campaign.id))?.dueOutcomeAppliedAt).toEqual(
    clock,
  );
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.every((e) => e.includes("failed for tenant broken"))).toBe(true);
  const failures = errors.length;
  await scheduler.stop();
  // Stopped: a pass asked for afterwards does nothing.
  clock = new Date(clock.getTime() + DAY);
  await scheduler.runPass();
  expect(errors).toHaveLength(failures);
});
