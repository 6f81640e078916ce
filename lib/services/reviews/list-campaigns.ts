import { z } from "zod";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { type CampaignView, campaignView } from "./review-common";

export const listCampaignsInput = z.object({
  status: z.array(z.enum(["draft", "in_progress", "completed", "cancelled"])).optional(),
});

/** The tenant's campaigns, newest first. */
export async function listCampaigns({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof listCampaignsInput>;
}): Promise<CampaignView[]> {
  requirePermission(ctx, "reviews:read");
  const i = parseInput(listCampaignsInput, input);
  const rows = await ctx.data.reviews.listCampaigns(i.status ? { status: i.status } : {});
  await audit(ctx, { action: "review.campaigns_listed", details: { count: rows.length } });
  return rows.map(campaignView);
}
