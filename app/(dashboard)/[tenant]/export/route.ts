import { guardRoute } from "@/app/_lib/guard";
import { auditEvent } from "@/lib/auth/audit";
import { exportStream } from "@/lib/queries/export";
import { parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";

/** GET /<tenant>/export?<view>&format=csv|ndjson: the explorer's current filter, streamed. */
export async function GET(req: Request, ctx: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await ctx.params;
  const access = await guardRoute(tenant, "events:export");
  if (access instanceof Response) return access;
  const url = new URL(req.url);
  const params = Object.fromEntries(url.searchParams);
  const format = params.format === "ndjson" ? "ndjson" : params.format === "csv" ? "csv" : null;
  if (!format)
    return Response.json(
      {
        type: "urn:tooltrail:problem:bad-request",
        title: "Bad request",
        status: 400,
        detail: "format must be csv or ndjson",
      },
      { status: 400, headers: { "content-type": "application/problem+json" } },
    );
  const view = parseView(params);
  const order = params.order === "asc" ? "asc" : "desc";
  await auditEvent(access.tenant.id, access.actor, {
    action: "events.export",
    details: { format, query: viewQuery(view), order },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(exportStream(access.store, toEventFilter(view), format, order), {
    headers: {
      "content-type":
        format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="tooltrail-${access.tenant.id}-${stamp}.${format}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
