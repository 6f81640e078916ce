import { randomUUID } from "node:crypto";
import { z } from "zod";
import type {
  CampaignRecord,
  Decision,
  DecisionRecord,
  ReviewEntryRecord,
} from "../../../db/store/types";
import { isOwnAccess } from "../../access/routing";
import { ROLES } from "../../auth/roles";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { ruleCtx } from "../members/change-member";
import { changeMember, removeMember } from "../members/member-rules";
import { parseInput } from "../parse-input";
import { issueRevocation } from "../revocations/issue";
import {
  campaignId,
  deciderId,
  frozen,
  requireCampaign,
  requireStatus,
  text,
} from "./review-common";

export const decideEntriesInput = z
  .object({
    campaign: campaignId,
    /** One entry, or a filtered selection for bulk keep. */
    entries: z.array(text("entry", 64)).min(1, "name at least one entry").max(5000),
    decision: z.enum(["keep", "revoke", "reduce", "escalate"]),
    note: z.string().trim().max(2000).optional(),
    /** reduce: the tools taken away (Guard grants), or the member's new role. */
    reduce: z
      .object({ tools: z.array(text("tool")).max(200).optional(), role: z.enum(ROLES).optional() })
      .optional(),
  })
  .superRefine((v, c) => {
    if ((v.decision === "revoke" || v.decision === "reduce") && !v.note)
      c.addIssue({
        code: "custom",
        path: ["note"],
        message: `a ${v.decision} needs a note saying why`,
      });
    if (v.decision === "reduce" && !v.reduce?.tools?.length && !v.reduce?.role)
      c.addIssue({
        code: "custom",
        path: ["reduce"],
        message: "name the tools to take away or the new role",
      });
    if (v.decision !== "keep" && v.entries.length > 1 && v.decision !== "escalate")
      c.addIssue({
        code: "custom",
        path: ["entries"],
        message: `decide one entry at a time for ${v.decision}; bulk is for keep`,
      });
  });
export type DecideInput = z.output<typeof decideEntriesInput>;

/** Whether the actor may decide this entry: its reviewer, or (escalated) whoever runs reviews. */
function mayDecide(ctx: TenantCtx, e: ReviewEntryRecord): string | null {
  const entry = frozen(e);
  if (e.change === "removed")
    return `entry ${e.id} was removed since the last campaign: nothing to decide`;
  if (ctx.actor.kind === "operator") return null;
  const me = { userId: ctx.actor.userId, email: ctx.actor.email.toLowerCase() };
  if (isOwnAccess(entry, me))
    return `entry ${e.id} is your own access: a reviewer never decides on it`;
  if (e.reviewerUserId === me.userId) return null;
  if (e.decision?.decision === "escalate" && ctx.can("reviews:run")) return null;
  return `entry ${e.id} is routed to another reviewer`;
}

/** Carries out a revoke or reduce; returns what enforces it. */
export async function enforce(
  ctx: TenantCtx,
  c: CampaignRecord,
  e: ReviewEntryRecord,
  i: Pick<DecideInput, "decision" | "note" | "reduce">,
): Promise<string> {
  const entry = frozen(e);
  const reason = i.note ?? "";
  if (entry.kind === "tool") {
    const tools =
      i.decision === "reduce" ? (i.reduce?.tools ?? []) : entry.tool === "*" ? [] : [entry.tool];
    if (i.decision === "reduce" && tools.length === 0)
      throw new TooltrailError(
        "invalid-input",
        "reduce.tools: name the tools to take away from this grant",
      );
    const r = await issueRevocation({
      ctx,
      input: {
        principal: entry.principal,
        server: entry.server,
        tools,
        campaignId: c.id,
        campaignName: c.name,
        entryId: e.id,
        reason,
      },
    });
    return `revocation:${r.id}`;
  }
  if (entry.kind === "membership") {
    const userId = String(entry.detail.userId ?? "");
    const rc = ruleCtx(ctx);
    if (i.decision === "revoke") {
      await removeMember(rc, userId);
      await audit(ctx, {
        action: "member.removed",
        details: { user_id: userId, campaign: c.id, entry: e.id },
        reason,
      });
      return "membership-removed";
    }
    const role = i.reduce?.role;
    if (!role) throw new TooltrailError("invalid-input", "reduce.role: name the member's new role");
    const auditorEnd =
      typeof entry.detail.auditorEndsAt === "string" ? new Date(entry.detail.auditorEndsAt) : null;
    await changeMember(rc, userId, {
      role,
      ...(role === "auditor" && auditorEnd ? { expires: auditorEnd } : {}),
    });
    await audit(ctx, {
      action: "member.role_changed",
      details: { user_id: userId, role, campaign: c.id, entry: e.id },
      reason,
    });
    return `role-changed:${role}`;
  }
  if (i.decision === "reduce")
    throw new TooltrailError(
      "invalid-input",
      "an ingest key cannot be reduced: revoke it and issue a narrower one",
    );
  if (!(await ctx.store.admin.revokeIngestKey(ctx.tenant.id, entry.principal)))
    return "key-already-revoked";
  await audit(ctx, {
    action: "key.revoked",
    details: { key_id: entry.principal, campaign: c.id, entry: e.id },
    reason,
  });
  return "key-revoked";
}

/**
 * Records decisions, append-only (a change of mind is a new decision). Everything is checked
 * before anything changes: the campaign in progress, each entry routed to the actor and not their
 * own access, a note for revoke and reduce. A revoke then takes effect: a Guard grant becomes a
 * revocation Guard pulls, a membership is removed at once, a key revoked.
 */
export async function decideEntries({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof decideEntriesInput>;
}): Promise<{
  campaign: string;
  decided: { entry: string; decision: Decision; enforcement: string | null }[];
}> {
  requirePermission(ctx, "reviews:decide");
  const i = parseInput(decideEntriesInput, input);
  const c = await requireCampaign(ctx, i.campaign);
  requireStatus(c, "in_progress");
  const ids = [...new Set(i.entries)];
  const found = await ctx.data.reviews.listEntries(c.id, { entryIds: ids });
  const missing = ids.filter((id) => !found.some((e) => e.id === id));
  if (missing.length > 0)
    throw new TooltrailError(
      "not-found",
      `no entry ${missing.slice(0, 5).join(", ")} in campaign ${c.id}`,
    );
  for (const e of found) {
    const why = mayDecide(ctx, e);
    if (why) throw new TooltrailError("forbidden", `${why}; nothing changed`);
  }
  const now = ctx.now();
  const decisions: DecisionRecord[] = [];
  for (const e of found) {
    const enforcement =
      i.decision === "revoke" || i.decision === "reduce" ? await enforce(ctx, c, e, i) : null;
    decisions.push({
      id: randomUUID(),
      campaignId: c.id,
      entryId: e.id,
      decision: i.decision,
      note: i.note ?? null,
      reduceTo: i.decision === "reduce" ? (i.reduce ?? null) : null,
      decidedBy: deciderId(ctx),
      decidedAt: now,
      automatic: false,
      enforcement,
    });
  }
  if (!(await ctx.data.reviews.addDecisions(c.id, decisions)))
    throw new TooltrailError(
      "conflict",
      `campaign ${c.id} was closed meanwhile; no decision recorded`,
    );
  await audit(ctx, {
    action: "review.decided",
    details: {
      campaign: c.id,
      decision: i.decision,
      entries: decisions.map((d) => d.entryId),
      enforcement: decisions.map((d) => d.enforcement).filter(Boolean),
    },
    ...(i.note ? { reason: i.note } : {}),
  });
  return {
    campaign: c.id,
    decided: decisions.map((d) => ({
      entry: d.entryId,
      decision: d.decision,
      enforcement: d.enforcement,
    })),
  };
}
