import { notFound } from "next/navigation";
import { SavedViews } from "@/components/events/saved-views";
import { hasCode } from "@/lib/core/errors";
import type { ExplorerColumn } from "@/lib/queries/events";
import { type SortState, type ViewState, viewQuery } from "@/lib/queries/filters";
import { stateQuery, toState } from "@/lib/queries/saved-view-state";
import type { TenantCtx } from "@/lib/services/context";
import { listViews } from "@/lib/services/views/list";
import { type OpenedView, openView } from "@/lib/services/views/open";
import { deleteViewAction, saveViewAction, updateViewAction } from "./actions";

/**
 * The view named by the explorer's `?view=<id>`: another person's private view and another
 * organisation's view are a 404, like any address that names nothing the member may see.
 */
export async function openViewParam(
  ctx: TenantCtx,
  id: string | undefined,
): Promise<OpenedView | null> {
  if (id === undefined) return null;
  try {
    return await openView({ ctx, input: { view: id } });
  } catch (err) {
    if (hasCode(err, "not-found") || hasCode(err, "forbidden")) notFound();
    throw err;
  }
}

/** The saved-views bar of the explorer: the open view, the list, and the save form. */
export async function SavedViewsSection(p: {
  ctx: TenantCtx;
  opened: OpenedView | null;
  view: ViewState;
  sort: SortState;
  size: number;
  hidden: readonly ExplorerColumn[];
  /** The explorer's parameters beyond the view (sort, page size), without `view` itself. */
  keep: Record<string, string>;
}) {
  const { ctx, opened } = p;
  if (!ctx.can("views:read")) return null;
  const { views } = await listViews({ ctx });
  const current = toState(p.view, p.sort, p.size, p.hidden);
  const same = (a: typeof current, b: typeof current) =>
    stateQuery(a) === stateQuery(b) && a.hidden.join() === b.hidden.join();
  const t = ctx.tenant.id;
  return (
    <SavedViews
      tenantId={t}
      views={views}
      open={
        opened
          ? { ...opened.view, changed: !same(current, opened.state), limited: opened.limited }
          : null
      }
      explorer={viewQuery(p.view, p.keep)}
      hidden={p.hidden}
      canWrite={ctx.can("views:write")}
      actions={{
        save: saveViewAction.bind(null, t),
        update: updateViewAction.bind(null, t),
        remove: deleteViewAction.bind(null, t),
      }}
    />
  );
}
