import { z } from "zod";
import { EVENT_SORTS } from "../../../db/store/event-sort";
import { ACTIVITIES } from "../../../db/store/own-activity";
import { OUTCOMES } from "../../core/contract";
import { parseQuery, QUERY_LIMITS } from "../../queries/query-language";
import type { AdminCtx } from "../admin-error";
import { requireTenant, tenantIdSchema } from "../tenants/tenant-id";

const list = z.array(z.string().min(1)).optional();

export const listEventsInput = z.object({
  tenant: tenantIdSchema,
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  server: list,
  tool: list,
  actor: list,
  client: list,
  outcome: z.array(z.enum(OUTCOMES)).optional(),
  /** MCP traffic, Tooltrail's own activity, or both (absent: both, as stored). */
  activity: z.enum(ACTIVITIES).optional(),
  /** The query language (docs/query-language.md), parsed here once. */
  query: z
    .string()
    .max(QUERY_LIMITS.chars * 2)
    .optional(),
  order: z.enum(["asc", "desc"]).default("asc"),
  sort: z.enum(EVENT_SORTS).default("time"),
  limit: z.number().int().min(1).max(1000).default(500),
  cursor: z.string().optional(),
});

/** One page of a tenant's stored events, exactly as stored (after redaction). */
export async function listEvents({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof listEventsInput>;
}) {
  await requireTenant(ctx, input.tenant);
  // The operator reads events exactly as stored, arguments included: payload terms are theirs.
  const query = input.query ? parseQuery(input.query, { allowPayload: true }) : null;
  return ctx.store.forTenant(input.tenant).listEvents({
    ...(input.from ? { from: new Date(input.from) } : {}),
    ...(input.to ? { to: new Date(input.to) } : {}),
    ...(input.server ? { server: input.server } : {}),
    ...(input.tool ? { tool: input.tool } : {}),
    ...(input.actor ? { actor: input.actor } : {}),
    ...(input.client ? { client: input.client } : {}),
    ...(input.activity && input.activity !== "all" ? { activity: input.activity } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(query ? { query } : {}),
    order: input.order,
    sort: input.sort,
    limit: input.limit,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
}
