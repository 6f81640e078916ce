"use server";

import { revalidatePath } from "next/cache";
import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { closeIncident } from "@/lib/services/flags/close-incident";
import { markAuthorityNotified } from "@/lib/services/flags/notify-authority";

export type ActionState = { ok: boolean; message: string | null };

/** Records that the supervisory authority was notified (now, or at the UTC time given). */
export async function notifyAuthorityAction(
  tenant: string,
  id: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "flags:triage"));
    const at = String(form.get("at") ?? "").trim();
    await markAuthorityNotified({ ctx, input: { id, ...(at ? { at: `${at}Z` } : {}) } });
    revalidatePath(`/${ctx.tenant.id}/incidents/${encodeURIComponent(id)}`);
    return { ok: true, message: "Recorded: the authority was notified." };
  } catch (err) {
    return actionFailure(err);
  }
}

/** Closes the incident with a note. */
export async function closeIncidentAction(
  tenant: string,
  id: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "flags:triage"));
    await closeIncident({ ctx, input: { id, note: String(form.get("note") ?? "") } });
    revalidatePath(`/${ctx.tenant.id}/incidents/${encodeURIComponent(id)}`);
    return { ok: true, message: "Closed." };
  } catch (err) {
    return actionFailure(err);
  }
}
