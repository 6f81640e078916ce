import { z } from "zod";
import type { SavedViewRecord } from "../../../db/store/saved-view-types";
import { TooltrailError } from "../../core/errors";
import { parseQuery } from "../../queries/query-language";
import { type SavedViewState, stateQuery } from "../../queries/saved-view-state";
import { requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import {
  ownerOf,
  readState,
  summarize,
  type ViewSummary,
  viewIdSchema,
  visibleView,
} from "./view-common";

export const openViewInput = z.object({
  /** A view's id, or its name (the actor's own private view first, then the shared one). */
  view: z.string().min(1).max(200),
});

export type OpenedView = {
  view: ViewSummary;
  state: SavedViewState;
  /** The query had payload terms the actor's role may not use: they were dropped (as limitView). */
  limited: boolean;
};

/**
 * A view to open, by id or name, with its state as the actor may run it: a query with payload
 * terms loses them for a role without `events:payload`, exactly as the explorer's limitView.
 * Another person's private view and another tenant's view are not found.
 */
export async function openView({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof openViewInput>;
}): Promise<OpenedView> {
  requirePermission(ctx, "views:read");
  const { view: ref } = parseInput(openViewInput, input);
  const record = viewIdSchema.safeParse(ref).success
    ? await visibleView(ctx, ref).catch((err) => byName(ctx, ref, err))
    : await byName(ctx, ref, new TooltrailError("not-found", `no saved view named "${ref}"`));
  const saved = readState(record);
  let state = saved;
  if (saved.q && !ctx.can("events:payload")) {
    try {
      parseQuery(saved.q, { allowPayload: false });
    } catch {
      state = { ...saved, q: "" };
    }
  }
  return { view: summarize(ctx, record), state, limited: state !== saved };
}

async function byName(ctx: TenantCtx, name: string, notFound: unknown): Promise<SavedViewRecord> {
  const me = ownerOf(ctx).id;
  const found = (await ctx.data.views.findByName(name)).filter(
    (v) => v.visibility === "shared" || v.ownerId === me,
  );
  const pick = found.find((v) => v.visibility === "private") ?? found[0];
  if (!pick) throw notFound;
  return pick;
}

/** The explorer's address of an opened view: its state's parameters and the view's id. */
export function openedViewHref(tenantId: string, opened: OpenedView): string {
  const q = stateQuery(opened.state);
  return `/${encodeURIComponent(tenantId)}/events?${q ? `${q}&` : ""}view=${encodeURIComponent(opened.view.id)}`;
}
