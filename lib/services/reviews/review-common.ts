import { z } from "zod";
import type { CampaignRecord, ReviewEntryRecord } from "../../../db/store/types";
import type { PopulationEntry } from "../../access/population-types";
import type { Reviewer, ReviewerRules } from "../../access/routing";
import { can } from "../../auth/permissions";
import { ROLES, type Role } from "../../auth/roles";
import { TooltrailError } from "../../core/errors";
import type { TenantCtx } from "../context";

export const text = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is at most ${max} characters`);
const email = z.string().trim().toLowerCase().min(3).max(320);
const list = (what: string) => z.array(text(what)).max(500, `at most 500 ${what}s`).optional();

export const CADENCES = ["none", "quarterly", "half-yearly"] as const;
export const DUE_OUTCOMES = ["keep", "revoke", "escalate"] as const;

/** A campaign's definition, as stored: what a recurring campaign repeats. */
export const definitionSchema = z.object({
  scope: z
    .object({
      everything: z.boolean().optional(),
      servers: list("server"),
      tools: list("tool"),
      roles: list("role"),
      principals: list("principal"),
    })
    .refine(
      (s) =>
        s.everything === true ||
        [s.servers, s.tools, s.roles, s.principals].some((l) => l && l.length > 0),
      { message: "name servers, tools, roles or principals, or everything" },
    ),
  /** Days of usage evidence before the start. */
  periodDays: z.number().int().min(1).max(3650).default(90),
  reviewers: z.object({
    fallback: email,
    servers: z.record(text("server"), email).default({}),
    principals: z.record(text("principal"), email).default({}),
    useManager: z.boolean().default(true),
  }),
  controls: z.array(text("control", 100)).max(50).default([]),
  cadence: z.enum(CADENCES).default("none"),
  /** What happens to entries nobody decided by the due date. */
  dueOutcome: z.enum(DUE_OUTCOMES).default("escalate"),
  /** `escalate`: entries new since the last completed campaign start escalated (highlighted). */
  newEntries: z.enum(["review", "escalate"]).default("review"),
  /** Reminders this many days before the due date. */
  reminderDays: z.number().int().min(0).max(90).default(3),
});
export type CampaignDefinition = z.output<typeof definitionSchema>;

export const campaignId = text("campaign", 128);

/** Who decided: a member's user id, or the operator at the machine (the CLI). */
export function deciderId(ctx: TenantCtx): string {
  return ctx.actor.kind === "user" ? ctx.actor.userId : `operator:${ctx.actor.name}`;
}

export async function requireCampaign(ctx: TenantCtx, id: string): Promise<CampaignRecord> {
  const c = await ctx.data.reviews.getCampaign(id);
  if (!c) throw new TooltrailError("not-found", `no review campaign ${id} in ${ctx.tenant.id}`);
  return c;
}

export function definitionOf(c: CampaignRecord): CampaignDefinition {
  return definitionSchema.parse(c.definition);
}

export function requireStatus(c: CampaignRecord, ...allowed: CampaignRecord["status"][]): void {
  if (allowed.includes(c.status)) return;
  const why =
    c.status === "completed"
      ? "it is completed and locked (read-only)"
      : c.status === "cancelled"
        ? "it is cancelled"
        : `it is ${c.status.replace("_", " ")}`;
  throw new TooltrailError("conflict", `campaign ${c.id} (${c.name}): ${why}; nothing changed`);
}

export const frozen = (e: ReviewEntryRecord) => e.entry as PopulationEntry;

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/**
 * The reviewer rules with every email resolved to a member of this tenant who may decide; an
 * email that is not one is a clear error (a reviewer outside the tenant decides nothing here).
 */
export async function resolveReviewers(
  ctx: TenantCtx,
  r: CampaignDefinition["reviewers"],
  creatorUserId: string | null,
): Promise<{ rules: ReviewerRules; members: Map<string, Reviewer> }> {
  const all = await ctx.store.admin.listMembers(ctx.tenant.id);
  const now = ctx.now().getTime();
  const members = new Map<string, Reviewer>();
  for (const m of all)
    if (
      isRole(m.role) &&
      can(m.role, "reviews:decide") &&
      !(m.expiresAt && m.expiresAt.getTime() <= now)
    )
      members.set(m.email.toLowerCase(), { userId: m.userId, email: m.email.toLowerCase() });
  // Labels may name a member by user id: redaction masks emails in labels unless allowed.
  for (const r of [...members.values()]) members.set(r.userId.toLowerCase(), r);
  const member = (where: string, e: string) => {
    const found = members.get(e);
    if (!found)
      throw new TooltrailError(
        "invalid-input",
        `${where}: ${e} is not a member of ${ctx.tenant.id} who may decide reviews (owner, admin, compliance officer or security analyst)`,
      );
    return found;
  };
  const creator = all.find((m) => m.userId === creatorUserId);
  return {
    members,
    rules: {
      fallback: member("reviewers.fallback", r.fallback),
      servers: new Map(
        Object.entries(r.servers).map(([s, e]) => [s, member(`reviewers.servers.${s}`, e)]),
      ),
      principals: new Map(
        Object.entries(r.principals).map(([p, e]) => [p, member(`reviewers.principals.${p}`, e)]),
      ),
      useManager: r.useManager,
      beyondFallback: [
        ...(creator ? [creator.email.toLowerCase()] : []),
        ...all.filter((m) => m.role === "owner").map((m) => m.email.toLowerCase()),
      ].flatMap((e) => members.get(e) ?? []),
    },
  };
}

/** The campaign as the CLI and pages show it. */
export function campaignView(c: CampaignRecord) {
  return {
    id: c.id,
    definitionId: c.definitionId,
    name: c.name,
    status: c.status,
    dueAt: c.dueAt.toISOString(),
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    startedAt: c.startedAt?.toISOString() ?? null,
    snapshotHash: c.snapshotHash,
    counts: c.counts,
    previousCampaignId: c.previousCampaignId,
    closedAt: c.closedAt?.toISOString() ?? null,
    closedBy: c.closedBy,
    definition: c.definition,
  };
}
export type CampaignView = ReturnType<typeof campaignView>;
