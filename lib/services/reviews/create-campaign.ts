import { randomUUID } from "node:crypto";
import { z } from "zod";
import { grantsOfPolicy } from "../../access/policy-grants";
import { grantPrincipal, OWN_ACCESS_SERVER } from "../../access/population";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import {
  type CampaignDefinition,
  type CampaignView,
  campaignView,
  deciderId,
  definitionSchema,
  resolveReviewers,
  text,
} from "./review-common";

export const createCampaignInput = z.object({
  name: text("name"),
  definition: definitionSchema,
  /** ISO 8601; a date alone means the end of that day (UTC). */
  dueAt: z.union([
    z.date(),
    z
      .string()
      .trim()
      .transform((s, c) => {
        const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59.999Z` : s);
        if (Number.isNaN(d.getTime())) {
          c.addIssue({ code: "custom", message: "is not a date (use YYYY-MM-DD or ISO 8601)" });
          return z.NEVER;
        }
        return d;
      }),
  ]),
  /** A recurring campaign's next draft keeps its definition's id. */
  definitionId: text("definitionId", 128).optional(),
});

/**
 * Unknown servers and principals in a scope are errors, not empty campaigns: each must appear
 * in the events (counted from the rollups), in a Guard policy, or among Tooltrail's own access.
 */
async function checkScope(ctx: TenantCtx, scope: CampaignDefinition["scope"]): Promise<void> {
  const versions = await ctx.data.guardAccess.listPolicyVersions();
  const grants = versions.flatMap((v) => grantsOfPolicy(v.document, { server: v.server }));
  const servers = new Set([OWN_ACCESS_SERVER, ...versions.map((v) => v.server)]);
  for (const s of scope.servers ?? [])
    if (!servers.has(s) && (await ctx.data.countEvents({ server: [s], activity: "mcp" })) === 0)
      throw new TooltrailError(
        "invalid-input",
        `scope.servers: unknown server ${JSON.stringify(s)}: no events and no Guard policy name it`,
      );
  if (!scope.principals?.length) return;
  const [members, keys] = await Promise.all([
    ctx.store.admin.listMembers(ctx.tenant.id),
    ctx.store.admin.listIngestKeys(ctx.tenant.id),
  ]);
  const known = new Set([
    ...grants.map((g) => grantPrincipal(g.principal)),
    ...members.map((m) => m.email),
    ...keys.map((k) => k.id),
  ]);
  for (const p of scope.principals)
    if (!known.has(p) && (await ctx.data.countEvents({ actor: [p], activity: "mcp" })) === 0)
      throw new TooltrailError(
        "invalid-input",
        `scope.principals: unknown principal ${JSON.stringify(p)}: no events, grant, member or key names it`,
      );
}

/** A draft campaign: checked now (scope, reviewers, due date), frozen only when it starts. */
export async function createCampaign({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof createCampaignInput>;
}): Promise<CampaignView> {
  requirePermission(ctx, "reviews:run");
  const i = parseInput(createCampaignInput, input);
  if (i.dueAt.getTime() <= ctx.now().getTime())
    throw new TooltrailError(
      "invalid-input",
      `dueAt: ${i.dueAt.toISOString()} is in the past; a campaign needs time to be reviewed`,
    );
  await resolveReviewers(ctx, i.definition.reviewers, null);
  await checkScope(ctx, i.definition.scope);
  const id = randomUUID();
  const c = await ctx.data.reviews.createCampaign({
    id,
    definitionId: i.definitionId ?? id,
    name: i.name,
    definition: i.definition,
    dueAt: i.dueAt,
    createdBy: deciderId(ctx),
    createdAt: ctx.now(),
  });
  await audit(ctx, {
    action: "review.created",
    details: {
      campaign: id,
      name: i.name,
      due_at: i.dueAt.toISOString(),
      scope: i.definition.scope,
    },
  });
  return campaignView(c);
}
