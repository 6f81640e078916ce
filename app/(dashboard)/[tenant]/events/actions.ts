"use server";

import { AccessError, guardAction } from "@/app/_lib/guard";
import { auditEvent } from "@/lib/auth/audit";
import { parseHiddenColumns, saveHiddenExplorerColumns } from "@/lib/queries/explorer-columns";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export type ColumnsState = { ok: boolean; message: string | null };

/**
 * Saves which explorer columns the signed-in user hides (their own preference, kept on the
 * server so every browser shows the same view). Same-origin check and guard first, like every
 * mutation; the change is audited in the tenant it was made from.
 */
export async function saveExplorerColumnsAction(
  tenant: string,
  _prev: ColumnsState,
  form: FormData,
): Promise<ColumnsState> {
  try {
    const access = await guardAction(tenant, "events:read");
    const parsed = parseHiddenColumns(form.get("hidden"));
    if (!parsed.ok) return { ok: false, message: parsed.message };
    await saveHiddenExplorerColumns(dashboardRuntime().store, access.user.id, parsed.hidden);
    await auditEvent(access.tenant.id, access.actor, {
      action: "preferences.columns_saved",
      details: { view: "events", hidden: parsed.hidden },
    });
    return { ok: true, message: null };
  } catch (err) {
    if (err instanceof AccessError) return { ok: false, message: err.message };
    throw err;
  }
}
