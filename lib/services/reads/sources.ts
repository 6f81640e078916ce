import { z } from "zod";
import { OWN_INGEST_KEY } from "../../../db/store/own-activity";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { sourceCoverage } from "../sources/source-coverage";

/** The Sources page's ranges, in days. */
export const SOURCE_RANGES = { "24h": 1, "7d": 7, "30d": 30 } as const;
export type SourceRange = keyof typeof SOURCE_RANGES;

export const readSourcesInput = z.object({
  range: z.enum(Object.keys(SOURCE_RANGES) as [SourceRange, ...SourceRange[]]),
});

/**
 * Source coverage over the last `range`: the same computation as `tooltrail sources` (one
 * function, lib/admin/sources.ts), audited as `sources.view`. MCP sources only: the internal
 * entrance is Tooltrail's own self-audit, which is no source of MCP traffic (the CLI still lists
 * it, as "(Tooltrail self-audit)").
 */
export async function readSources({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readSourcesInput>;
}) {
  const { range } = parseInput(readSourcesInput, input);
  requirePermission(ctx, "events:read");
  const from = new Date(ctx.now().getTime() - SOURCE_RANGES[range] * 86_400_000).toISOString();
  const report = await sourceCoverage({
    ctx: { store: ctx.store },
    input: { tenant: ctx.tenant.id, from },
  });
  await audit(ctx, { action: "sources.view", details: { range } });
  const sources = report.sources.filter((s) => s.key_id !== OWN_INGEST_KEY);
  const gaps = sources.flatMap((s) =>
    s.gaps.slice(0, 3).map((g) => ({ key: s.key_id, name: s.key_name, ...g })),
  );
  return { range, sources, gaps };
}

/** What the coverage table shows, so components need not import db/ or the operation. */
export { COVERAGE_FIELDS } from "../../../db/store/types";
export { COVERAGE_LABELS, percent, type SourceCoverageRow } from "../sources/source-coverage";
