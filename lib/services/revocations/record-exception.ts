import { z } from "zod";
import type { Revocation } from "../../../db/store/types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, guardAccess, name, note, requireRevocation } from "./revocation-common";

export const recordRevocationExceptionInput = z.object({
  revocationId: name("revocationId", 128),
  note: note("note"),
});

/**
 * A noted exception: the revoke could not be enforced (no Guard serves the server, the server
 * is being retired), so a campaign can complete with it recorded instead of enforced. The
 * revocation stays on Guard's list: a Guard that confirms it later makes it `enforced`.
 * Audited as `revocation.exception_recorded`.
 */
export async function recordRevocationException({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof recordRevocationExceptionInput>;
}): Promise<Revocation> {
  requirePermission(ctx, "reviews:run");
  const { revocationId, note: text } = parseInput(recordRevocationExceptionInput, input);
  const before = await requireRevocation(ctx, revocationId);
  if (before.status === "enforced")
    throw new TooltrailError(
      "conflict",
      `revocation ${revocationId} is already enforced: an exception is for a revoke that is not`,
    );
  if (before.status === "withdrawn")
    throw new TooltrailError(
      "conflict",
      `revocation ${revocationId} was withdrawn by a later keep: there is nothing to enforce`,
    );
  if (!(await guardAccess(ctx).recordException(revocationId, text, actorRef(ctx), ctx.now())))
    throw new TooltrailError(
      "conflict",
      `revocation ${revocationId} was enforced or withdrawn meanwhile: no exception recorded`,
    );
  await audit(ctx, {
    action: "revocation.exception_recorded",
    details: {
      revocation_id: revocationId,
      campaign_id: before.campaignId,
      principal: before.principal,
      server: before.server,
      note: text,
    },
  });
  return requireRevocation(ctx, revocationId);
}
