"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { saveExplorerColumns } from "@/lib/services/preferences/save-explorer-columns";
import { createView } from "@/lib/services/views/create";
import { deleteView } from "@/lib/services/views/delete";
import { updateView } from "@/lib/services/views/update";

export type ColumnsState = { ok: boolean; message: string | null };

/**
 * Saves which explorer columns the signed-in user hides: the guard (same-origin + role), then
 * the service, which validates, saves and audits.
 */
export async function saveExplorerColumnsAction(
  tenant: string,
  _prev: ColumnsState,
  form: FormData,
): Promise<ColumnsState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "events:read"));
    await saveExplorerColumns({ ctx, input: { hidden: form.get("hidden") } });
    return { ok: true, message: null };
  } catch (err) {
    return actionFailure(err);
  }
}

export type ViewFormState = { ok: boolean; message: string | null };

/** A form field as text; absent or blank is undefined (the service decides what is required). */
function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

function hiddenField(form: FormData): string[] | undefined {
  const v = field(form, "hidden");
  return v === undefined ? undefined : v.split(",").map((s) => s.trim());
}

/** The explorer at `explorer` (re-encoded: only parameters, never another path). */
function explorerHref(tenantId: string, explorer: string | undefined, viewId?: string): string {
  const q = new URLSearchParams(explorer ?? "");
  q.delete("cursor");
  q.delete("view");
  if (viewId) q.set("view", viewId);
  return `/${encodeURIComponent(tenantId)}/events?${q.toString()}`;
}

/**
 * Saves the explorer's state as a view (the service validates, refuses a taken name, audits),
 * then opens it, so the address bar holds the view and its link is one click away.
 */
export async function saveViewAction(
  tenant: string,
  _prev: ViewFormState,
  form: FormData,
): Promise<ViewFormState> {
  let href: string;
  try {
    const ctx = tenantCtx(await guardAction(tenant, "views:write"));
    const explorer = field(form, "explorer") ?? "";
    const view = await createView({
      ctx,
      input: {
        name: String(form.get("name") ?? ""),
        visibility: field(form, "visibility") === "shared" ? "shared" : "private",
        explorer,
        hidden: hiddenField(form) ?? [],
      },
    });
    href = explorerHref(ctx.tenant.id, explorer, view.id);
  } catch (err) {
    return actionFailure(err);
  }
  redirect(href);
}

/**
 * Renames, shares or unshares a view, or (with `explorer`) replaces its state with the
 * explorer's current one. Who may is the service's to say (creator, or owner/admin if shared).
 */
export async function updateViewAction(
  tenant: string,
  _prev: ViewFormState,
  form: FormData,
): Promise<ViewFormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "views:write"));
    const explorer = field(form, "explorer");
    const hidden = hiddenField(form);
    const name = form.get("name");
    const visibility = field(form, "visibility");
    await updateView({
      ctx,
      input: {
        id: String(form.get("id") ?? ""),
        ...(typeof name === "string" ? { name } : {}),
        ...(visibility === "shared" || visibility === "private" ? { visibility } : {}),
        ...(explorer !== undefined || form.has("explorer") ? { explorer: explorer ?? "" } : {}),
        ...(hidden ? { hidden } : {}),
      },
    });
    revalidatePath(`/${ctx.tenant.id}/events`);
    return { ok: true, message: "Saved." };
  } catch (err) {
    return actionFailure(err);
  }
}

/** Deletes a view (the service checks who may and audits), then shows the explorer without it. */
export async function deleteViewAction(
  tenant: string,
  _prev: ViewFormState,
  form: FormData,
): Promise<ViewFormState> {
  let href: string;
  try {
    const ctx = tenantCtx(await guardAction(tenant, "views:write"));
    await deleteView({ ctx, input: { id: String(form.get("id") ?? "") } });
    href = explorerHref(ctx.tenant.id, field(form, "explorer"));
  } catch (err) {
    return actionFailure(err);
  }
  redirect(href);
}
