"use server";

import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import type { CampaignFormState } from "@/components/reviews/campaign-form";
import { createCampaign } from "@/lib/services/reviews/create-campaign";
import { campaignInputFromForm } from "./form-input";

/**
 * A new draft campaign from the dashboard's form: the service checks scope, reviewers and the
 * due date; on an error the form keeps what was typed (the client never resets it).
 */
export async function createCampaignAction(
  tenant: string,
  _p: CampaignFormState,
  form: FormData,
): Promise<CampaignFormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "reviews:run"));
    const c = await createCampaign({ ctx, input: campaignInputFromForm(form) });
    return {
      ok: true,
      message: `Created draft ${c.name}.`,
      href: `/${encodeURIComponent(ctx.tenant.id)}/reviews/${encodeURIComponent(c.id)}`,
    };
  } catch (err) {
    return { ...actionFailure(err), href: null };
  }
}
