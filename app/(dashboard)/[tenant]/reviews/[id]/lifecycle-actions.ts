"use server";

import { revalidatePath } from "next/cache";
import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import type { FormState } from "@/components/settings/action-form";
import { cancelCampaign, completeCampaign } from "@/lib/services/reviews/complete-campaign";
import { startCampaign } from "@/lib/services/reviews/start-campaign";
import { recordRevocationException } from "@/lib/services/revocations/record-exception";

function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

const pageOf = (tenant: string, campaign: string) =>
  `/${encodeURIComponent(tenant)}/reviews/${encodeURIComponent(campaign)}`;

/** Start: freezes the scope (the service refuses anything but a draft, in words). */
export async function startCampaignAction(
  tenant: string,
  campaign: string,
  _p: FormState,
  _form: FormData,
): Promise<FormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "reviews:run"));
    const c = await startCampaign({ ctx, input: { campaign } });
    revalidatePath(pageOf(ctx.tenant.id, campaign));
    const n = (c.counts as { entries?: number } | null)?.entries ?? 0;
    return { ok: true, message: `Started: ${n} entries frozen.` };
  } catch (err) {
    return actionFailure(err);
  }
}

/** Complete: refused while an entry is undecided or a revocation pending, naming them. */
export async function completeCampaignAction(
  tenant: string,
  campaign: string,
  _p: FormState,
  _form: FormData,
): Promise<FormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "reviews:run"));
    const out = await completeCampaign({ ctx, input: { campaign } });
    revalidatePath(pageOf(ctx.tenant.id, campaign));
    return {
      ok: true,
      message: `Completed and locked.${out.next ? ` Next draft due ${out.next.dueAt.slice(0, 10)}.` : ""}`,
    };
  } catch (err) {
    return actionFailure(err);
  }
}

/** Cancel, with a note saying why. */
export async function cancelCampaignAction(
  tenant: string,
  campaign: string,
  _p: FormState,
  form: FormData,
): Promise<FormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "reviews:run"));
    await cancelCampaign({ ctx, input: { campaign, note: field(form, "note") } });
    revalidatePath(pageOf(ctx.tenant.id, campaign));
    return { ok: true, message: "Cancelled." };
  } catch (err) {
    return actionFailure(err);
  }
}

/** A revocation Guard cannot enforce, recorded as an exception with its note. */
export async function recordExceptionAction(
  tenant: string,
  campaign: string,
  _p: FormState,
  form: FormData,
): Promise<FormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "reviews:run"));
    const r = await recordRevocationException({
      ctx,
      input: { revocationId: field(form, "revocation"), note: field(form, "note") },
    });
    revalidatePath(pageOf(ctx.tenant.id, campaign));
    return { ok: true, message: `Exception recorded for ${r.principal} on ${r.server}.` };
  } catch (err) {
    return actionFailure(err);
  }
}
