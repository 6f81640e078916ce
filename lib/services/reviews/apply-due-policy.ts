import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { CampaignRecord, DecisionRecord } from "../../../db/store/types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { type Enforcement, planEnforcement, recordAndEnforce } from "./decide-entries";
import { isUndecided } from "./list-entries";
import { campaignId, definitionOf } from "./review-common";

export const applyDuePolicyInput = z.object({ campaign: campaignId.optional() });

const DAY_MS = 86_400_000;
/** Who an automatic decision is recorded as. */
export const DUE_DATE_DECIDER = "due-date";

type Outcome = { campaign: string; reminded: number; applied: number };

/**
 * The due-date policy of the campaigns in progress (the scheduler or `tooltrail reviews due`
 * runs it): once within the reminder days, a reminder per reviewer with undecided entries (an
 * audit event each); at the due date, the configured outcome (keep, revoke, escalate) on every
 * undecided entry, recorded as automatic decisions by `due-date`. Each happens once per campaign.
 */
export async function applyDuePolicy({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof applyDuePolicyInput>;
}): Promise<Outcome[]> {
  requirePermission(ctx, "reviews:run");
  const i = parseInput(applyDuePolicyInput, input);
  const campaigns = (await ctx.data.reviews.listCampaigns({ status: ["in_progress"] })).filter(
    (c) => !i.campaign || c.id === i.campaign,
  );
  const out: Outcome[] = [];
  for (const c of campaigns) out.push(await applyOne(ctx, c));
  return out;
}

async function applyOne(ctx: TenantCtx, c: CampaignRecord): Promise<Outcome> {
  const def = definitionOf(c);
  const now = ctx.now();
  const result: Outcome = { campaign: c.id, reminded: 0, applied: 0 };
  const open = (await ctx.data.reviews.listEntries(c.id)).filter(isUndecided);
  if (!c.remindedAt && now.getTime() >= c.dueAt.getTime() - def.reminderDays * DAY_MS) {
    const perReviewer = new Map<string, number>();
    for (const e of open)
      perReviewer.set(e.reviewerUserId, (perReviewer.get(e.reviewerUserId) ?? 0) + 1);
    for (const [reviewer, undecided] of perReviewer)
      await audit(ctx, {
        action: "review.reminder",
        details: { campaign: c.id, reviewer, undecided, due_at: c.dueAt.toISOString() },
      });
    await ctx.data.reviews.markReminded(c.id, now);
    result.reminded = perReviewer.size;
  }
  if (c.dueOutcomeAppliedAt || now.getTime() < c.dueAt.getTime()) return result;
  const decision = def.dueOutcome;
  const note = `no decision by the due date ${c.dueAt.toISOString()}: the campaign's configured outcome (${decision})`;
  const planned: { decision: DecisionRecord; enforcement: Enforcement | null }[] = [];
  // Escalated entries stay escalated: the outcome is for entries nobody looked at.
  for (const e of open.filter((x) => x.decision === null)) {
    const enforcement =
      decision === "revoke"
        ? await planEnforcement(ctx, c, e, { decision, note, reduce: undefined })
        : null;
    planned.push({
      enforcement,
      decision: {
        id: randomUUID(),
        campaignId: c.id,
        entryId: e.id,
        decision,
        note,
        reduceTo: null,
        decidedBy: DUE_DATE_DECIDER,
        decidedAt: now,
        automatic: true,
        enforcement: enforcement?.label ?? null,
      },
    });
  }
  // A campaign closed meanwhile gets nothing (and is no longer in progress next time).
  if (planned.length > 0 && !(await recordAndEnforce(ctx, c, planned))) return result;
  const decisions = planned.map((p) => p.decision);
  await ctx.data.reviews.markDueOutcomeApplied(c.id, now);
  await audit(ctx, {
    action: "review.due_outcome_applied",
    details: { campaign: c.id, outcome: decision, entries: decisions.map((d) => d.entryId) },
  });
  result.applied = decisions.length;
  return result;
}
