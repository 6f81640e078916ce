import { guardRoute } from "@/app/_lib/guard";
import { auditEvent } from "@/lib/auth/audit";
import { exportStream } from "@/lib/queries/export";
import { parseSort, parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";

function badRequest(detail: string): Response {
  return Response.json(
    { type: "urn:tooltrail:problem:bad-request", title: "Bad request", status: 400, detail },
    { status: 400, headers: { "content-type": "application/problem+json" } },
  );
}

/**
 * GET /<tenant>/export?<view>&format=csv|ndjson[&sort=<key>&dir=asc|desc]: the explorer's current
 * filter in the explorer's order, streamed.
 */
export async function GET(req: Request, ctx: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await ctx.params;
  const access = await guardRoute(tenant, "events:export");
  if (access instanceof Response) return access;
  const url = new URL(req.url);
  const params = Object.fromEntries(url.searchParams);
  const format = params.format === "ndjson" ? "ndjson" : params.format === "csv" ? "csv" : null;
  if (!format) return badRequest("format must be csv or ndjson");
  const sort = parseSort(params);
  if (!sort.ok) return badRequest(sort.message);
  const view = parseView(params);
  await auditEvent(access.tenant.id, access.actor, {
    action: "events.export",
    details: { format, query: viewQuery(view), sort: sort.value.sort, dir: sort.value.dir },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(exportStream(access.store, toEventFilter(view), format, sort.value), {
    headers: {
      "content-type":
        format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="tooltrail-${access.tenant.id}-${stamp}.${format}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
