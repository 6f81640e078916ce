import { randomBytes } from "node:crypto";
import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { isBadRequestError } from "../../queries/bad-request";
import type { ExplorerColumn } from "../../queries/events";
import { stateFromParams } from "../../queries/saved-view-state";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import {
  hiddenSchema,
  isTaken,
  nameTaken,
  ownerOf,
  requireQueryAllowed,
  summarize,
  type ViewSummary,
  viewNameSchema,
  visibilitySchema,
} from "./view-common";

export const createViewInput = z.object({
  name: viewNameSchema,
  visibility: visibilitySchema.default("private"),
  /** The explorer's query string (q, range, from, to, tz, filters, activity, sort, dir, size). */
  explorer: z.string().max(16_384),
  hidden: hiddenSchema.default([]),
});

/**
 * Saves the explorer's current state under a name, private or shared in the organisation. The
 * state is read with the explorer's own parsers, so a view holds exactly what a link would; a
 * relative range stays relative. Audited as `view.created`.
 */
export async function createView({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof createViewInput>;
}): Promise<ViewSummary> {
  requirePermission(ctx, "views:write");
  const { name, visibility, explorer, hidden } = parseInput(createViewInput, input);
  const state = explorerState(explorer, hidden as ExplorerColumn[], ctx.now());
  requireQueryAllowed(ctx, state);
  const owner = ownerOf(ctx);
  const created = await ctx.data.views.create({
    id: `v_${randomBytes(9).toString("base64url")}`,
    name,
    visibility,
    ownerId: owner.id,
    ownerLabel: owner.label,
    state,
    createdAt: ctx.now(),
    updatedBy: owner.label,
  });
  if (isTaken(created)) throw nameTaken(ctx, name, visibility);
  await audit(ctx, {
    action: "view.created",
    details: { view_id: created.id, name, visibility, query: state.q, range: state.range },
  });
  return summarize(ctx, created);
}

/** The explorer's query string as a view's state; what the explorer refuses is invalid input. */
export function explorerState(explorer: string, hidden: ExplorerColumn[], now: Date) {
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(explorer)) {
    const had = params[k];
    params[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  try {
    return stateFromParams(params, hidden, now);
  } catch (err) {
    if (isBadRequestError(err)) throw new TooltrailError("invalid-input", err.message);
    throw err;
  }
}
