import { randomUUID } from "node:crypto";
import { z } from "zod";
import type {
  CampaignRecord,
  Decision,
  DecisionRecord,
  NewRevocation,
  ReviewEntryRecord,
} from "../../../db/store/types";
import { globMatches } from "../../access/population";
import { isOwnAccess } from "../../access/routing";
import { ROLES } from "../../auth/roles";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { ruleCtx } from "../members/change-member";
import { changeMember, removeMember } from "../members/member-rules";
import { parseInput } from "../parse-input";
import { auditRevocationIssued, prepareRevocation } from "../revocations/issue";
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

/**
 * How a revoke or reduce takes effect, checked before anything changes: `label` is recorded on
 * the decision; a Guard revocation is stored with the decision in one transaction; a membership
 * or key change (`apply`) runs right after the decision is recorded, so closing the campaign in
 * between can no longer leave access removed without its decision.
 */
export type Enforcement = {
  label: string;
  revocation: NewRevocation | null;
  apply: (() => Promise<void>) | null;
};

export async function planEnforcement(
  ctx: TenantCtx,
  c: CampaignRecord,
  e: ReviewEntryRecord,
  i: Pick<DecideInput, "decision" | "note" | "reduce">,
): Promise<Enforcement> {
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
    // A reduce revokes exactly the tools taken away, each within what the grant allows.
    const outside = i.decision === "reduce" ? tools.filter((t) => !globMatches(entry.tool, t)) : [];
    if (outside.length > 0)
      throw new TooltrailError(
        "invalid-input",
        `reduce.tools: ${outside.slice(0, 5).join(", ")} ${outside.length === 1 ? "is" : "are"} not part of this grant (${entry.tool}); nothing changed`,
      );
    const revocation = prepareRevocation(ctx, {
      principal: entry.principal,
      server: entry.server,
      tools,
      campaignId: c.id,
      campaignName: c.name,
      entryId: e.id,
      reason,
    });
    return { label: `revocation:${revocation.id}`, revocation, apply: null };
  }
  if (entry.kind === "membership") return planMembership(ctx, c, e, i, reason);
  if (i.decision === "reduce")
    throw new TooltrailError(
      "invalid-input",
      "an ingest key cannot be reduced: revoke it and issue a narrower one",
    );
  const key = (await ctx.store.admin.listIngestKeys(ctx.tenant.id)).find(
    (k) => k.id === entry.principal,
  );
  if (!key || key.revokedAt) return { label: "key-already-revoked", revocation: null, apply: null };
  return {
    label: "key-revoked",
    revocation: null,
    apply: async () => {
      if (!(await ctx.store.admin.revokeIngestKey(ctx.tenant.id, entry.principal))) return;
      await audit(ctx, {
        action: "key.revoked",
        details: { key_id: entry.principal, campaign: c.id, entry: e.id },
        reason,
      });
    },
  };
}

async function planMembership(
  ctx: TenantCtx,
  c: CampaignRecord,
  e: ReviewEntryRecord,
  i: Pick<DecideInput, "decision" | "reduce">,
  reason: string,
): Promise<Enforcement> {
  const userId = String(frozen(e).detail.userId ?? "");
  const members = await ctx.store.admin.listMembers(ctx.tenant.id);
  const member = members.find((m) => m.userId === userId);
  const role = i.decision === "reduce" ? i.reduce?.role : undefined;
  if (i.decision === "reduce" && !role)
    throw new TooltrailError("invalid-input", "reduce.role: name the member's new role");
  if (!member) {
    if (i.decision === "revoke")
      return { label: "membership-already-removed", revocation: null, apply: null };
    throw new TooltrailError("conflict", `entry ${e.id}: ${userId} is no longer a member`);
  }
  const owners = members.filter((m) => m.role === "owner");
  if (member.role === "owner" && role !== "owner" && owners.length === 1)
    throw new TooltrailError(
      "conflict",
      `entry ${e.id}: this is the organisation's last owner: make someone else owner first; nothing changed`,
    );
  const rc = ruleCtx(ctx);
  if (!role)
    return {
      label: "membership-removed",
      revocation: null,
      apply: async () => {
        await removeMember(rc, userId);
        await audit(ctx, {
          action: "member.removed",
          details: { user_id: userId, campaign: c.id, entry: e.id },
          reason,
        });
      },
    };
  const detail = frozen(e).detail;
  const auditorEnd =
    typeof detail.auditorEndsAt === "string" ? new Date(detail.auditorEndsAt) : null;
  return {
    label: `role-changed:${role}`,
    revocation: null,
    apply: async () => {
      await changeMember(rc, userId, {
        role,
        ...(role === "auditor" && auditorEnd ? { expires: auditorEnd } : {}),
      });
      await audit(ctx, {
        action: "member.role_changed",
        details: { user_id: userId, role, campaign: c.id, entry: e.id },
        reason,
      });
    },
  };
}

/**
 * Records the decisions with the Guard revocations they issue or withdraw in one transaction that
 * locks the campaign (false when it is no longer in progress: nothing written, nothing enforced),
 * then carries out membership and key changes and audits the revocations.
 */
export async function recordAndEnforce(
  ctx: TenantCtx,
  c: CampaignRecord,
  planned: { decision: DecisionRecord; enforcement: Enforcement | null; withdraw?: string[] }[],
): Promise<boolean> {
  const issue = planned.flatMap((p) => p.enforcement?.revocation ?? []);
  const withdraw = planned.flatMap((p) =>
    (p.withdraw ?? []).map((id) => ({ id, at: p.decision.decidedAt, entry: p.decision.entryId })),
  );
  const decisions = planned.map((p) => p.decision);
  if (!(await ctx.data.reviews.addDecisions(c.id, decisions, { issue, withdraw }))) return false;
  for (const p of planned) await p.enforcement?.apply?.();
  for (const r of issue) {
    const stored = await ctx.data.guardAccess.getRevocation(r.id);
    if (stored) await auditRevocationIssued(ctx, stored);
  }
  for (const w of withdraw) {
    const r = await ctx.data.guardAccess.getRevocation(w.id);
    await audit(ctx, {
      action: "revocation.withdrawn",
      details: {
        revocation_id: w.id,
        principal: r?.principal,
        server: r?.server,
        tools: r?.tools,
        campaign_id: c.id,
        entry_id: w.entry,
        list_version: r ? await ctx.data.guardAccess.listVersion(r.server) : null,
      },
      reason: "a later keep of its entry",
    });
  }
  return true;
}

const NOT_RESTORED: Record<string, string> = {
  "membership-removed": "the membership stays removed: re-invite the member",
  "key-revoked": "the key stays revoked: issue a new key",
};

/**
 * A keep after a revoke or reduce (a change of mind while the campaign is in progress): the entry's
 * Guard revocations still in force are withdrawn with the decision; a removed membership, changed
 * role or revoked key is not silently undone, and the decision's result says what to do instead.
 */
async function changesOfMind(
  ctx: TenantCtx,
  c: CampaignRecord,
  entries: ReviewEntryRecord[],
): Promise<Map<string, { withdraw: string[]; label: string | null }>> {
  const out = new Map<string, { withdraw: string[]; label: string | null }>();
  const decided = new Set(entries.filter((e) => e.decision).map((e) => e.id));
  if (decided.size === 0) return out;
  const revocations = (await ctx.data.guardAccess.listRevocations({ campaignId: c.id })).filter(
    (r) => decided.has(r.entryId) && r.status !== "withdrawn",
  );
  const history = (await ctx.data.reviews.listDecisions(c.id)).filter((d) =>
    decided.has(d.entryId),
  );
  for (const id of decided) {
    const withdraw = revocations.filter((r) => r.entryId === id).map((r) => r.id);
    const notes = [...withdraw.map((r) => `withdrew:revocation:${r}`)];
    const enforced = history.filter((d) => d.entryId === id && d.enforcement);
    const last = enforced.at(-1)?.enforcement ?? "";
    if (NOT_RESTORED[last]) notes.push(`not-restored:${last} (${NOT_RESTORED[last]})`);
    else if (last.startsWith("role-changed:"))
      notes.push(`not-restored:${last} (the new role stays: change it back on the members page)`);
    out.set(id, { withdraw, label: notes.length > 0 ? notes.join("; ") : null });
  }
  return out;
}

/**
 * Records decisions, append-only (a change of mind is a new decision). Everything is checked
 * before anything changes: the campaign in progress, each entry routed to the actor and not their
 * own access, a note for revoke and reduce, and how each revoke takes effect (recordAndEnforce):
 * a Guard grant becomes a revocation Guard pulls, a membership is removed at once, a key revoked.
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
  const planned: {
    decision: DecisionRecord;
    enforcement: Enforcement | null;
    withdraw?: string[];
  }[] = [];
  const minds = i.decision === "keep" ? await changesOfMind(ctx, c, found) : new Map();
  for (const e of found) {
    const enforcement =
      i.decision === "revoke" || i.decision === "reduce"
        ? await planEnforcement(ctx, c, e, i)
        : null;
    const mind = minds.get(e.id);
    planned.push({
      enforcement,
      withdraw: mind?.withdraw ?? [],
      decision: {
        id: randomUUID(),
        campaignId: c.id,
        entryId: e.id,
        decision: i.decision,
        note: i.note ?? null,
        reduceTo: i.decision === "reduce" ? (i.reduce ?? null) : null,
        decidedBy: deciderId(ctx),
        decidedAt: now,
        automatic: false,
        enforcement: enforcement?.label ?? mind?.label ?? null,
      },
    });
  }
  if (!(await recordAndEnforce(ctx, c, planned)))
    throw new TooltrailError(
      "conflict",
      `campaign ${c.id} was closed meanwhile; no decision recorded, nothing enforced`,
    );
  const decisions = planned.map((p) => p.decision);
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
