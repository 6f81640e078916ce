import { randomUUID } from "node:crypto";
import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { isUndecided } from "./list-entries";
import {
  type CampaignView,
  campaignId,
  campaignView,
  deciderId,
  definitionOf,
  requireCampaign,
  requireStatus,
} from "./review-common";

export const completeCampaignInput = z.object({ campaign: campaignId });

const MONTHS = { quarterly: 3, "half-yearly": 6 } as const;

function addMonths(d: Date, n: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + n);
  return out;
}

/**
 * Completes (locks) a campaign, only when every entry has a final decision (keep, revoke or
 * reduce) and every revocation it issued is enforced or carries a noted exception. A recurring
 * campaign's next draft is created from the same definition, due one cadence later.
 */
export async function completeCampaign({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof completeCampaignInput>;
}): Promise<{ campaign: CampaignView; next: CampaignView | null }> {
  requirePermission(ctx, "reviews:run");
  const { campaign: id } = parseInput(completeCampaignInput, input);
  const c = await requireCampaign(ctx, id);
  requireStatus(c, "in_progress");
  const open = (await ctx.data.reviews.listEntries(id)).filter(isUndecided);
  if (open.length > 0)
    throw new TooltrailError(
      "conflict",
      `campaign ${id}: ${open.length} entries have no final decision (${open
        .slice(0, 10)
        .map((e) => e.id)
        .join(", ")}${open.length > 10 ? ", …" : ""}); nothing changed`,
    );
  const pending = (await ctx.data.guardAccess.listRevocations({ campaignId: id })).filter(
    (r) => r.status === "pending",
  );
  if (pending.length > 0)
    throw new TooltrailError(
      "conflict",
      `campaign ${id}: ${pending.length} revocations are not yet enforced by Guard (${pending
        .slice(0, 10)
        .map((r) => `${r.principal} on ${r.server}`)
        .join(
          ", ",
        )}): wait for Guard to confirm them or record an exception with a note; nothing changed`,
    );
  if (
    !(await ctx.data.reviews.transition(
      id,
      ["in_progress"],
      "completed",
      ctx.now(),
      deciderId(ctx),
    ))
  )
    throw new TooltrailError("conflict", `campaign ${id} was closed meanwhile`);
  await audit(ctx, { action: "review.completed", details: { campaign: id } });

  const def = definitionOf(c);
  let next = null;
  if (def.cadence !== "none") {
    const months = MONTHS[def.cadence];
    const nextId = randomUUID();
    next = await ctx.data.reviews.createCampaign({
      id: nextId,
      definitionId: c.definitionId,
      name: c.name,
      definition: c.definition,
      dueAt: addMonths(c.dueAt, months),
      createdBy: c.createdBy,
      createdAt: ctx.now(),
    });
    await audit(ctx, {
      action: "review.created",
      details: {
        campaign: nextId,
        from_campaign: id,
        cadence: def.cadence,
        due_at: next.dueAt.toISOString(),
      },
    });
  }
  return {
    campaign: campaignView(await requireCampaign(ctx, id)),
    next: next ? campaignView(next) : null,
  };
}

export const cancelCampaignInput = z.object({
  campaign: campaignId,
  note: z.string().trim().min(1).max(2000),
});

/** Cancels a draft or a campaign in progress (decisions and revocations already made stay). */
export async function cancelCampaign({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof cancelCampaignInput>;
}): Promise<CampaignView> {
  requirePermission(ctx, "reviews:run");
  const { campaign: id, note } = parseInput(cancelCampaignInput, input);
  const c = await requireCampaign(ctx, id);
  requireStatus(c, "draft", "in_progress");
  if (
    !(await ctx.data.reviews.transition(
      id,
      ["draft", "in_progress"],
      "cancelled",
      ctx.now(),
      deciderId(ctx),
    ))
  )
    throw new TooltrailError("conflict", `campaign ${id} was closed meanwhile`);
  await audit(ctx, { action: "review.cancelled", details: { campaign: id }, reason: note });
  return campaignView(await requireCampaign(ctx, id));
}
