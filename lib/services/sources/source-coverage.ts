import { z } from "zod";
import { COVERAGE_FIELDS, type CoverageField } from "../../../db/store/types";
import type { AdminCtx } from "../admin-error";
import { requireTenant, tenantIdSchema } from "../tenants/tenant-id";

export const sourceCoverageInput = z.object({
  tenant: tenantIdSchema,
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** How each field reads in a gap ("no actor identity on 40% of calls"). */
export const COVERAGE_LABELS: Record<CoverageField, string> = {
  actor_identity: "actor identity",
  actor_type: "actor type",
  client: "client",
  agent: "agent",
  session: "session id",
  conversation: "conversation id",
  trace: "trace id",
  correlation: "session, conversation or trace id",
  arguments: "arguments",
  duration: "duration",
  result_size: "result size",
  decision: "policy decision",
  classification: "data classification",
};

/**
 * Source coverage: per ingest key, which evidence fields its events actually fill, and for OTLP
 * sources what became of their spans. Gaps are listed worst first, so a compliance officer sees
 * at once where the trail is thin.
 */
export async function sourceCoverage({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof sourceCoverageInput>;
}) {
  await requireTenant(ctx, input.tenant);
  const range = {
    ...(input.from ? { from: new Date(input.from) } : {}),
    ...(input.to ? { to: new Date(input.to) } : {}),
  };
  const [coverage, tallies, keys] = await Promise.all([
    ctx.store.forTenant(input.tenant).sourceCoverage(range),
    ctx.store.admin.spanTallies(input.tenant, range),
    ctx.store.admin.listIngestKeys(input.tenant),
  ]);
  const ids = new Set([
    ...keys.filter((k) => !k.revokedAt).map((k) => k.id),
    ...coverage.map((c) => c.ingestKeyId),
    ...tallies.map((t) => t.ingestKeyId),
  ]);
  const sources = [...ids].sort().map((id) => {
    const key = keys.find((k) => k.id === id);
    const c = coverage.find((x) => x.ingestKeyId === id);
    const t = tallies.find((x) => x.ingestKeyId === id);
    const events = c?.events ?? 0;
    const fields = Object.fromEntries(
      COVERAGE_FIELDS.map((f) => {
        const filled = c?.filled[f] ?? 0;
        return [f, { filled, share: events === 0 ? null : round(filled / events) }];
      }),
    ) as Record<CoverageField, { filled: number; share: number | null }>;
    const gaps = COVERAGE_FIELDS.filter((f) => events > 0 && fields[f].filled < events)
      .map((f) => ({ field: f, missing: round(1 - fields[f].filled / events) }))
      .sort((a, b) => b.missing - a.missing)
      .map((g) => ({
        ...g,
        text: `no ${COVERAGE_LABELS[g.field]} on ${percent(g.missing)} of calls`,
      }));
    return {
      key_id: id,
      key_name: key?.name ?? (id === "internal" ? "(Tooltrail self-audit)" : null),
      revoked: key ? key.revokedAt !== null : null,
      events,
      first_time: c?.firstTime?.toISOString() ?? null,
      last_time: c?.lastTime?.toISOString() ?? null,
      fields,
      gaps,
      otlp: t
        ? { spans: t.spans, events: t.events, dropped_spans: t.dropped, rejected_spans: t.rejected }
        : null,
    };
  });
  return { tenant: input.tenant, from: input.from ?? null, to: input.to ?? null, sources };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** One ingest key's coverage as the operation returns it (the CLI and the Sources page read it). */
export type SourceCoverageRow = Awaited<ReturnType<typeof sourceCoverage>>["sources"][number];

export function percent(share: number): string {
  const p = share * 100;
  return `${p > 0 && p < 1 ? p.toFixed(1) : Math.round(p)}%`;
}
