import { z } from "zod";
import type { ReviewEntryRecord } from "../../../db/store/types";
import { ENTRY_FLAGS } from "../../access/population-types";
import { TooltrailError } from "../../core/errors";
import { audit, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import {
  type CampaignView,
  campaignId,
  campaignView,
  frozen,
  requireCampaign,
  text,
} from "./review-common";

export const entryFilterSchema = z.object({
  flag: z.enum(ENTRY_FLAGS).optional(),
  kind: z.enum(["tool", "membership", "ingest-key"]).optional(),
  server: text("server").optional(),
  change: z.enum(["new", "unchanged", "removed"]).optional(),
  /** undecided: no decision, or only an escalation. */
  state: z.enum(["undecided", "decided"]).optional(),
  /** Only the entries routed to the caller. */
  mine: z.boolean().optional(),
});
export type EntryFilter = z.output<typeof entryFilterSchema>;

export const listEntriesInput = entryFilterSchema.extend({ campaign: campaignId });

export const isUndecided = (e: ReviewEntryRecord) =>
  e.change !== "removed" && (e.decision === null || e.decision.decision === "escalate");

export function matchesFilter(
  e: ReviewEntryRecord,
  f: EntryFilter,
  userId: string | null,
): boolean {
  const entry = frozen(e);
  if (f.flag && !entry.flags.includes(f.flag)) return false;
  if (f.kind && e.kind !== f.kind) return false;
  if (f.server && e.server !== f.server) return false;
  if (f.change && e.change !== f.change) return false;
  if (f.state === "undecided" && !isUndecided(e)) return false;
  if (f.state === "decided" && isUndecided(e)) return false;
  if (f.mine && e.reviewerUserId !== userId) return false;
  return true;
}

/**
 * Who sees a campaign whole: those who run reviews, and readers who decide nothing (auditors). A
 * reviewer (admin, security analyst) sees the entries routed to them.
 */
export function seesAll(ctx: TenantCtx): boolean {
  return ctx.can("reviews:run") || (ctx.can("reviews:read") && !ctx.can("reviews:decide"));
}

/** A campaign's entries with their latest decision: all of them, or a reviewer's own. */
export async function listEntries({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof listEntriesInput>;
}): Promise<{ campaign: CampaignView; entries: ReviewEntryRecord[] }> {
  const all = seesAll(ctx);
  if (!ctx.can("reviews:read") && !ctx.can("reviews:decide"))
    throw new TooltrailError("forbidden", "your role may not do this (reviews:read)");
  const i = parseInput(listEntriesInput, input);
  const c = await requireCampaign(ctx, i.campaign);
  const userId = ctx.actor.kind === "user" ? ctx.actor.userId : null;
  const rows = await ctx.data.reviews.listEntries(
    c.id,
    all ? {} : { reviewerUserId: userId ?? "" },
  );
  const entries = rows.filter((e) => matchesFilter(e, i, userId));
  await audit(ctx, {
    action: "review.entries_listed",
    details: { campaign: c.id, filter: { ...i, campaign: undefined }, count: entries.length },
  });
  return { campaign: campaignView(c), entries };
}
