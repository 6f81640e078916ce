import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { NewRevocation, Revocation } from "../../../db/store/types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, guardAccess, name, note } from "./revocation-common";

export const issueRevocationInput = z.object({
  /** An actor id, `role:<name>` for every holder of a role, or `*` for any caller. */
  principal: name("principal"),
  server: name("server"),
  /** Tool names or globs; empty = every tool of the server. */
  tools: z.array(name("tool")).max(200, "at most 200 tools in one revocation"),
  campaignId: name("campaignId", 128),
  campaignName: name("campaignName"),
  entryId: name("entryId", 128),
  reason: note("reason"),
});

type IssueInput = z.input<typeof issueRevocationInput>;

/**
 * The revocation a reviewer's revoke of a Guard-governed grant becomes, validated but not yet
 * stored: the decide service stores it with its decision in one transaction (addDecisions), then
 * audits it with `auditRevocationIssued`.
 */
export function prepareRevocation(ctx: TenantCtx, input: IssueInput): NewRevocation {
  requirePermission(ctx, "reviews:decide");
  const i = parseInput(issueRevocationInput, input);
  return {
    id: randomUUID(),
    principal: i.principal,
    server: i.server,
    tools: [...new Set(i.tools)],
    campaignId: i.campaignId,
    campaignName: i.campaignName,
    entryId: i.entryId,
    reviewerUserId: actorRef(ctx),
    reason: i.reason,
    createdAt: ctx.now(),
  };
}

export async function auditRevocationIssued(ctx: TenantCtx, revocation: Revocation) {
  await audit(ctx, {
    action: "revocation.issued",
    details: {
      revocation_id: revocation.id,
      principal: revocation.principal,
      server: revocation.server,
      tools: revocation.tools,
      campaign_id: revocation.campaignId,
      entry_id: revocation.entryId,
      list_version: revocation.listVersion,
    },
    reason: revocation.reason,
  });
}

/**
 * A reviewer's revoke of a Guard-governed grant becomes a revocation Guard pulls for its server:
 * it is added with the server's next list version and stays `pending` until a Guard serving that
 * server confirms it (heartbeat.ts). Audited as `revocation.issued`. (The campaign's decide
 * service stores its revocations with the decision instead: prepareRevocation.)
 */
export async function issueRevocation({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: IssueInput;
}): Promise<Revocation> {
  const revocation = await guardAccess(ctx).issueRevocation(prepareRevocation(ctx, input));
  await auditRevocationIssued(ctx, revocation);
  return revocation;
}
