import { z } from "zod";
import type { Store } from "../../../db/store/types";
import {
  type EventRowView,
  type ExplorerColumn,
  loadEventsPage,
  PAGE_SIZES,
} from "../../queries/events";
import { hiddenExplorerColumns } from "../../queries/explorer-columns";
import { limitView, toEventFilter, viewQuery } from "../../queries/filters";
import type { Actor } from "../context";
import { audit, requirePermission, type TenantCtx } from "../context";
import { flaggedEvents } from "../flags/flags-overview";
import { parseInput } from "../parse-input";
import { sortSchema, viewSchema } from "./view-schema";

export const readEventsPageInput = z.object({
  view: viewSchema,
  sort: sortSchema,
  size: z.union(PAGE_SIZES.map((s) => z.literal(s))),
  cursor: z.string().min(1).max(4096).optional(),
});

export type EventsPage = {
  rows: EventRowView[];
  nextCursor: string | null;
  /** Why the page's cursor could not be used (edited, or made for another sort), if it could not. */
  badCursor: string | null;
  /** Event id → how many anomaly flags cite it (flags:count); absent when none does. */
  flagged?: Record<string, number>;
};

/**
 * One page of the explorer (keyset cursor), audited as `events.list` with the rows it returned.
 * Free-text search is dropped for roles that may not read payloads.
 */
export async function readEventsPage({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readEventsPageInput>;
}): Promise<EventsPage> {
  const { view: asked, sort, size, cursor } = parseInput(readEventsPageInput, input);
  requirePermission(ctx, "events:read");
  const view = limitView(asked, ctx.can("events:payload"));
  const page = await loadEventsPage(ctx.data, {
    ...toEventFilter(view),
    limit: size,
    sort: sort.sort,
    order: sort.dir,
    ...(cursor ? { cursor } : {}),
  });
  await audit(ctx, {
    action: "events.list",
    details: {
      query: viewQuery(view),
      sort: sort.sort,
      dir: sort.dir,
      ...(cursor ? { cursor } : {}),
      rows: page.rows.length,
      ...(page.badCursor ? { refused: page.badCursor } : {}),
    },
  });
  const flagged = await flaggedEvents(
    ctx,
    page.rows.map((r) => r.id),
  );
  return Object.keys(flagged).length ? { ...page, flagged } : page;
}

/** The columns the acting user hides in event tables (their own preference; none for the operator). */
export async function readHiddenColumns({
  ctx,
}: {
  ctx: { store: Store; actor: Actor };
}): Promise<ExplorerColumn[]> {
  return ctx.actor.kind === "user" ? hiddenExplorerColumns(ctx.store, ctx.actor.userId) : [];
}
