import { z } from "zod";
import type { DecisionRecord, ReviewEntryRecord, Revocation } from "../../../db/store/types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { seesAll } from "./list-entries";
import { type CampaignView, campaignId, campaignView, requireCampaign } from "./review-common";

export const campaignEvidenceInput = z.object({ campaign: campaignId });

/**
 * A campaign's evidence for the print page: the campaign with its definition, every entry with
 * every decision (not only the latest), and every revocation with its proof or exception. The
 * campaign is looked up first, so one that does not exist is not-found for every reader; then
 * only those who see a campaign whole get its evidence (like the export). Audited.
 */
export async function campaignEvidence({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof campaignEvidenceInput>;
}): Promise<{
  campaign: CampaignView;
  entries: ReviewEntryRecord[];
  decisions: Map<string, DecisionRecord[]>;
  revocations: Revocation[];
}> {
  requirePermission(ctx, "reviews:read");
  const i = parseInput(campaignEvidenceInput, input);
  const c = await requireCampaign(ctx, i.campaign);
  if (!seesAll(ctx))
    throw new TooltrailError(
      "forbidden",
      "a reviewer sees their own entries: the evidence is for those who run or audit reviews",
    );
  const [entries, decisions, revocations] = await Promise.all([
    ctx.data.reviews.listEntries(c.id),
    ctx.data.reviews.listDecisions(c.id),
    ctx.data.guardAccess.listRevocations({ campaignId: c.id }),
  ]);
  const byEntry = new Map<string, DecisionRecord[]>();
  for (const d of decisions) byEntry.set(d.entryId, [...(byEntry.get(d.entryId) ?? []), d]);
  await audit(ctx, { action: "review.printed", details: { campaign: c.id } });
  return { campaign: campaignView(c), entries, decisions: byEntry, revocations };
}
