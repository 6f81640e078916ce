import { problemResponse } from "@/app/_lib/errors";
import { guardRoute } from "@/app/_lib/guard";
import { readRouteParams } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { parseExportFormat } from "@/lib/queries/export";
import { parseSort, parseView } from "@/lib/queries/filters";
import { exportEvents } from "@/lib/services/reads/export";

/**
 * GET /<tenant>/export?<view>&format=csv|ndjson[&sort=<key>&dir=asc|desc]: the explorer's current
 * filter in the explorer's order, streamed; audited by the export service
 * (lib/services/reads/export.ts) before the first byte and when the stream ends.
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
  let out: Awaited<ReturnType<typeof exportEvents>>;
  try {
    out = await exportEvents({ ctx: tenantCtx(access), input: input.value });
  } catch (err) {
    return problemResponse(err);
  }
  return new Response(out.stream, {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
