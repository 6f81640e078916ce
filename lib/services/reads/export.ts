import { z } from "zod";
import { type ExportEnd, exportStream } from "../../queries/export";
import { limitView, toEventFilter, viewQuery } from "../../queries/filters";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { sortSchema, viewSchema } from "./view-schema";

export const exportEventsInput = z.object({
  format: z.enum(["csv", "ndjson"]),
  sort: sortSchema,
  view: viewSchema,
});

/**
 * The explorer's filter in the explorer's order, as a CSV or NDJSON stream. Audited three times
 * over: `events.export_started` before the first byte (an export that cannot be recorded is not
 * served), then `events.export` with the row count once the client took every row, or
 * `events.export_failed` with the rows it took when the connection closed or the store failed.
 */
export async function exportEvents({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof exportEventsInput>;
}): Promise<{ stream: ReadableStream<Uint8Array>; contentType: string; filename: string }> {
  const parsed = parseInput(exportEventsInput, input);
  const { format, sort } = parsed;
  requirePermission(ctx, "events:export");
  // Every role that may export may read payloads today; should one ever not, the export must
  // neither search payloads (match counts would reveal them) nor carry them.
  const payload = ctx.can("events:payload");
  const view = limitView(parsed.view, payload);
  const details = { format, query: viewQuery(view), sort: sort.sort, dir: sort.dir };
  await audit(ctx, { action: "events.export_started", details });
  const onEnd = (end: ExportEnd) =>
    audit(
      ctx,
      end.status === "completed"
        ? { action: "events.export", details: { ...details, rows: end.rows } }
        : {
            action: "events.export_failed",
            outcome: "error",
            reason: end.reason,
            details: { ...details, rows: end.rows, ended: end.status },
          },
    );
  const stamp = ctx.now().toISOString().replace(/[:.]/g, "-");
  return {
    stream: exportStream(ctx.data, toEventFilter(view), format, sort, { onEnd, payload }),
    contentType:
      format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    filename: `tooltrail-${ctx.tenant.id}-${stamp}.${format}`,
  };
}
