"use server";

import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { saveExplorerColumns } from "@/lib/services/preferences/save-explorer-columns";

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
