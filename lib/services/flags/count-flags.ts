import { FLAG_STATUSES, type FlagStatus } from "../../../db/store/detection-types";
import { SEVERITIES, type Severity } from "../../detect/types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { detection } from "./flag-common";

export type FlagCounts = {
  /** Flags not yet resolved (open or acknowledged), per severity. */
  unresolvedBySeverity: Record<Severity, number>;
  byStatus: Record<FlagStatus, number>;
};

/**
 * How many flags there are, per severity and status, and nothing of what they say: what every
 * role may see (viewers see only this). Audited as `flags.count`.
 */
export async function countFlags({ ctx }: { ctx: TenantCtx }): Promise<FlagCounts> {
  requirePermission(ctx, "flags:count");
  const store = detection(ctx);
  const total = async (q: { status?: FlagStatus[]; severity?: string[] }) =>
    (await store.listFlags({ ...q, limit: 1, offset: 0 })).total;
  const unresolved: FlagStatus[] = ["open", "acknowledged"];
  const sev = await Promise.all(
    SEVERITIES.map((s) => total({ status: unresolved, severity: [s] })),
  );
  const st = await Promise.all(FLAG_STATUSES.map((s) => total({ status: [s] })));
  const counts: FlagCounts = {
    unresolvedBySeverity: Object.fromEntries(SEVERITIES.map((s, i) => [s, sev[i] ?? 0])) as Record<
      Severity,
      number
    >,
    byStatus: Object.fromEntries(FLAG_STATUSES.map((s, i) => [s, st[i] ?? 0])) as Record<
      FlagStatus,
      number
    >,
  };
  await audit(ctx, { action: "flags.count", details: {} });
  return counts;
}
