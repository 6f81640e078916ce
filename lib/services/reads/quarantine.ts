import { z } from "zod";
import type { QuarantinedEvent } from "../../../db/store/types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

/** Rejected events per page of the quarantine list. */
export const QUARANTINE_PAGE = 50;

export const readQuarantineInput = z.object({
  /** The page ends before this sequence number (the previous page's last row): older rows. */
  before: z.number().int().nonnegative().max(999_999_999_999_999).optional(),
});

/** One page of the tenant's quarantine, newest first, audited as `quarantine.list`. */
export async function readQuarantine({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readQuarantineInput>;
}): Promise<{ rows: QuarantinedEvent[]; older: number | null }> {
  const { before } = parseInput(readQuarantineInput, input);
  requirePermission(ctx, "quarantine:read");
  const rows = await ctx.data.listQuarantine({
    limit: QUARANTINE_PAGE + 1,
    ...(before ? { beforeSeq: before } : {}),
  });
  const page = rows.slice(0, QUARANTINE_PAGE);
  await audit(ctx, {
    action: "quarantine.list",
    details: { ...(before ? { before } : {}), rows: page.length },
  });
  const last = page.at(-1);
  return { rows: page, older: rows.length > QUARANTINE_PAGE && last ? last.seq : null };
}
