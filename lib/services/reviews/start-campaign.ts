import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { NewReviewEntry } from "../../../db/store/types";
import { populationHash } from "../../access/population";
import { loadPopulation } from "../../access/population-load";
import type { PopulationEntry } from "../../access/population-types";
import { routeEntry } from "../../access/routing";
import { inScope, removedSince, tagChanges } from "../../access/scope";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import {
  type CampaignView,
  campaignId,
  campaignView,
  definitionOf,
  frozen,
  requireCampaign,
  requireStatus,
  resolveReviewers,
} from "./review-common";

export const startCampaignInput = z.object({ campaign: campaignId });

const DAY_MS = 86_400_000;

/**
 * Freezes the campaign's scope: the population now (use over the period before now), its
 * sha256 and counts reconciled against the policy versions and the rollups' call total, each
 * entry tagged against the last completed campaign of the same definition and routed to a
 * reviewer who is never the principal. After this, nothing that changes moves what is reviewed.
 */
export async function startCampaign({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof startCampaignInput>;
}): Promise<CampaignView> {
  requirePermission(ctx, "reviews:run");
  const { campaign: id } = parseInput(startCampaignInput, input);
  const c = await requireCampaign(ctx, id);
  requireStatus(c, "draft");
  const def = definitionOf(c);
  const now = ctx.now();
  const period = { from: new Date(now.getTime() - def.periodDays * DAY_MS), to: now };
  const creator = c.createdBy.startsWith("operator:") ? null : c.createdBy;
  const { rules, members } = await resolveReviewers(ctx, def.reviewers, creator);
  const { population, counts } = await loadPopulation(ctx.data, ctx.store.admin, period, now);
  const scoped = population.entries.filter((e) => inScope(e, def.scope));

  const [previous] = await ctx.data.reviews.listCampaigns({
    definitionId: c.definitionId,
    status: ["completed"],
  });
  const before = previous
    ? (await ctx.data.reviews.listEntries(previous.id))
        .filter((e) => e.change !== "removed")
        .map(frozen)
    : null;
  const tagged = [
    ...tagChanges(scoped, before),
    ...removedSince(scoped, before ?? []).map((entry: PopulationEntry) => ({
      change: "removed" as const,
      entry,
    })),
  ];
  const entries: NewReviewEntry[] = tagged.map(({ change, entry }, position) => {
    const routed = routeEntry(entry, rules, members);
    if (!routed)
      throw new TooltrailError(
        "conflict",
        `no reviewer for ${entry.principal} on ${entry.server} other than themselves: name another fallback reviewer; the campaign was not started`,
      );
    return {
      id: `e${position + 1}`,
      position,
      key: entry.key,
      kind: entry.kind,
      principal: entry.principal,
      server: entry.server,
      tool: entry.tool,
      change,
      entry,
      reviewerUserId: routed.reviewer.userId,
      routedBy: routed.rule,
    };
  });
  const snapshot = {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    population: counts,
    entries: scoped.length,
    new: tagged.filter((t) => t.change === "new").length,
    unchanged: tagged.filter((t) => t.change === "unchanged").length,
    removed: tagged.length - scoped.length,
    reviewers: new Set(entries.map((e) => e.reviewerUserId)).size,
  };
  const hash = populationHash(scoped);
  if (
    !(await ctx.data.reviews.startCampaign(id, {
      startedAt: now,
      snapshotHash: hash,
      counts: snapshot,
      previousCampaignId: previous?.id ?? null,
      entries,
    }))
  )
    throw new TooltrailError("conflict", `campaign ${id} was started or cancelled meanwhile`);
  if (def.newEntries === "escalate") {
    const fresh = entries.filter((e) => e.change === "new");
    await ctx.data.reviews.addDecisions(
      id,
      fresh.map((e) => ({
        id: randomUUID(),
        campaignId: id,
        entryId: e.id,
        decision: "escalate" as const,
        note: "new since the last completed campaign",
        reduceTo: null,
        decidedBy: "campaign-start",
        decidedAt: now,
        automatic: true,
        enforcement: null,
      })),
    );
  }
  await audit(ctx, {
    action: "review.started",
    details: { campaign: id, snapshot_hash: hash, counts: snapshot },
  });
  return campaignView(await requireCampaign(ctx, id));
}
