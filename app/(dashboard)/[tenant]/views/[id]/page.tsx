import { notFound, redirect } from "next/navigation";
import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { hasCode } from "@/lib/core/errors";
import { savedViewParam } from "@/lib/queries/saved-view-state";
import { type OpenedView, openedViewHref, openView } from "@/lib/services/views/open";

export const metadata = { title: "Saved view" };

type Props = { params: Promise<{ tenant: string; id: string }> };

/**
 * A saved view's stable link: opens the explorer with the view's parameters (a relative range
 * ends now) and `view=<id>`. Another person's private view, another organisation's view and an
 * id that names nothing are a 404.
 */
export default async function SavedViewLink({ params }: Props) {
  const { tenant, id } = await params;
  const access = await guardPage(tenant, "views:read", `/${tenant}/views/${id}`);
  let viewId: string | undefined;
  try {
    viewId = savedViewParam({ view: decodeURIComponent(id) });
  } catch {
    notFound();
  }
  if (viewId === undefined) notFound();
  let opened: OpenedView;
  try {
    opened = await openView({ ctx: tenantCtx(access), input: { view: viewId } });
  } catch (err) {
    if (hasCode(err, "not-found")) notFound();
    throw err;
  }
  redirect(openedViewHref(access.tenant.id, opened));
}
