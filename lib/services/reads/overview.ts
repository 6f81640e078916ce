import { z } from "zod";
import { limitView, toEventFilter, viewQuery } from "../../queries/filters";
import { narrowToStoredEvents } from "../../queries/narrow-view";
import { loadOverview, type Overview } from "../../queries/overview";
import { audit, requirePermission, type TenantCtx } from "../context";
import { type FlagsOverview, loadFlagsOverview } from "../flags/flags-overview";
import { parseInput } from "../parse-input";
import { viewSchema } from "./view-schema";

export const readOverviewInput = z.object({ view: viewSchema });

/**
 * The overview: the view (search dropped for roles that may not read payloads, a long custom
 * range narrowed to the stored events), audited as `overview.view`, then its charts and tops.
 */
export async function readOverview({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readOverviewInput>;
}): Promise<{
  view: z.infer<typeof viewSchema>;
  data: Overview;
  explorerAllowed: boolean;
  /** Anomaly flag counts (flags:count), null for roles without it. */
  flags: FlagsOverview | null;
}> {
  const parsed = parseInput(readOverviewInput, input);
  requirePermission(ctx, "overview:read");
  const view = await narrowToStoredEvents(
    limitView(parsed.view, ctx.can("events:payload")),
    ctx.data,
  );
  await audit(ctx, { action: "overview.view", details: { query: viewQuery(view) } });
  const [data, flags] = await Promise.all([
    loadOverview(ctx.data, toEventFilter(view), view.bucketSeconds),
    loadFlagsOverview(ctx),
  ]);
  return { view, data, explorerAllowed: ctx.can("events:read"), flags };
}
