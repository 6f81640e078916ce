import { TooltrailError } from "../../core/errors";
import type { TenantCtx } from "../context";

/**
 * The tenant's members by user id, to show reviewers and deciders by email on a campaign's page.
 * Not audited on its own: it accompanies the entries read that is.
 */
export async function reviewMembers({ ctx }: { ctx: TenantCtx }): Promise<Map<string, string>> {
  if (!ctx.can("reviews:read") && !ctx.can("reviews:decide"))
    throw new TooltrailError("forbidden", "your role may not do this (reviews:read)");
  const members = await ctx.store.admin.listMembers(ctx.tenant.id);
  return new Map(members.map((m) => [m.userId, m.email]));
}
