import { z } from "zod";
import { FLAG_STATUSES, type FlagRecord } from "../../../db/store/detection-types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { detection, ruleId, severity } from "./flag-common";

export { FLAG_STATUSES };

export const FLAG_SORTS = ["last_seen", "first_seen", "severity"] as const;

export const listFlagsInput = z.object({
  status: z.array(z.enum(FLAG_STATUSES)).max(10).optional(),
  rule: z.array(ruleId).max(50).optional(),
  severity: z.array(severity).max(4).optional(),
  /** A subject key: an actor id, `actor\u001ftool`, a server name… */
  subject: z.string().trim().min(1).max(1000).optional(),
  /** A member's user id. */
  assignee: z.string().trim().min(1).max(200).optional(),
  /** Flags whose episode overlaps [from, to). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  sort: z.enum(FLAG_SORTS).default("last_seen"),
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type ListFlagsInput = z.input<typeof listFlagsInput>;

/**
 * One page of the tenant's flags, filtered server-side, with the total that matched. Audited as
 * `flags.list` with the filter and the number of rows returned (the dashboard and the CLI alike).
 */
export async function listFlags({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: ListFlagsInput;
}): Promise<{ rows: FlagRecord[]; total: number }> {
  requirePermission(ctx, "flags:read");
  const q = parseInput(listFlagsInput, input);
  const { subject, ...rest } = q;
  const out = await detection(ctx).listFlags({
    ...rest,
    ...(subject ? { subjectKey: subject } : {}),
  });
  await audit(ctx, {
    action: "flags.list",
    details: {
      ...filterDetails(q),
      sort: q.sort,
      order: q.order,
      offset: q.offset,
      rows: out.rows.length,
      total: out.total,
    },
  });
  return out;
}

/** The filter as stored in the audit event: only what was asked. */
function filterDetails(q: z.output<typeof listFlagsInput>): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (q.status?.length) d.status = q.status;
  if (q.rule?.length) d.rule = q.rule;
  if (q.severity?.length) d.severity = q.severity;
  if (q.subject) d.subject = q.subject;
  if (q.assignee) d.assignee = q.assignee;
  if (q.from) d.from = q.from.toISOString();
  if (q.to) d.to = q.to.toISOString();
  return d;
}
