import { guardRoute } from "@/app/_lib/guard";
import { readRouteParams } from "@/app/_lib/params";
import { auditEvent } from "@/lib/auth/audit";
import { type ExportEnd, exportStream, parseExportFormat } from "@/lib/queries/export";
import { parseSort, parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";

/**
 * GET /<tenant>/export?<view>&format=csv|ndjson[&sort=<key>&dir=asc|desc]: the explorer's current
 * filter in the explorer's order, streamed. Audited three times over: `events.export_started`
 * before the first byte (an export that cannot be recorded is not served), then `events.export`
 * with the row count once the client took every row, or `events.export_failed` with the rows
 * it took when the connection closed or the store failed first.
 */
export async function GET(req: Request, ctx: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await ctx.params;
  const access = await guardRoute(tenant, "events:export");
  if (access instanceof Response) return access;
  const input = readRouteParams(new URL(req.url), (p) => ({
    format: parseExportFormat(p),
    sort: parseSort(p),
    view: parseView(p),
  }));
  if (!input.ok) return input.response;
  const { format, sort, view } = input.value;
  const details = { format, query: viewQuery(view), sort: sort.sort, dir: sort.dir };
  await auditEvent(access.tenant.id, access.actor, {
    action: "events.export_started",
    details,
  });
  const onEnd = (end: ExportEnd) =>
    auditEvent(
      access.tenant.id,
      access.actor,
      end.status === "completed"
        ? { action: "events.export", details: { ...details, rows: end.rows } }
        : {
            action: "events.export_failed",
            outcome: "error",
            reason: end.reason,
            details: { ...details, rows: end.rows, ended: end.status },
          },
    );
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(exportStream(access.store, toEventFilter(view), format, sort, { onEnd }), {
    headers: {
      "content-type":
        format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="tooltrail-${access.tenant.id}-${stamp}.${format}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
