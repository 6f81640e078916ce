import { problemResponse } from "@/app/_lib/errors";
import { guardRoute } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { hasCode, TooltrailError } from "@/lib/core/errors";
import { exportCampaign } from "@/lib/services/reviews/export-campaign";
import { listCampaigns } from "@/lib/services/reviews/list-campaigns";

/**
 * GET /<tenant>/reviews/<id>/export?format=csv|json: the campaign's evidence (definition,
 * snapshot and hash, decisions, revocations with proof, exceptions) as a download; audited by
 * the export service. A reviewer who sees only their own entries is refused in words.
 */
export async function GET(req: Request, ctx: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id: rawId } = await ctx.params;
  const access = await guardRoute(tenant, "reviews:read");
  if (access instanceof Response) return access;
  const format = new URL(req.url).searchParams.get("format") ?? "json";
  const sctx = tenantCtx(access);
  let out: Awaited<ReturnType<typeof exportCampaign>>;
  try {
    const id = decodeURIComponent(rawId);
    if (format !== "csv" && format !== "json")
      throw new TooltrailError("invalid-input", `format: ${format} is not csv or json`);
    try {
      out = await exportCampaign({ ctx: sctx, input: { campaign: id, format } });
    } catch (err) {
      // A campaign that does not exist is 404 for every role, before any other refusal.
      if (hasCode(err, "forbidden")) {
        const all = await listCampaigns({ ctx: sctx, input: {} });
        if (!all.some((c) => c.id === id))
          throw new TooltrailError("not-found", `no review campaign ${id} in ${access.tenant.id}`);
      }
      throw err;
    }
  } catch (err) {
    return problemResponse(
      err instanceof URIError ? new TooltrailError("invalid-input", "bad campaign id") : err,
    );
  }
  return new Response(out.body, {
    headers: {
      "content-type":
        out.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
