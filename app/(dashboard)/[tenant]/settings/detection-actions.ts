"use server";

import { revalidatePath } from "next/cache";
import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { type PreviewRuleInput, previewRule } from "@/lib/services/detection/preview-rule";
import { configureRule, requireRule } from "@/lib/services/flags/configure-rule";
import { paramFields } from "@/lib/services/flags/param-fields";
import { linesOf, paramsFromForm } from "@/lib/services/flags/param-form";

export type ActionState = { ok: boolean; message: string | null };

/**
 * The Detection rules section's form: on/off, the parameters read by each field's kind (only
 * values that differ from the defaults are kept) and the allow-list. The service checks
 * detection:configure again, validates the parameters with the rule's schema and audits.
 */
export async function configureRuleAction(
  tenant: string,
  rule: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "detection:configure"));
    const fields = paramFields(requireRule(rule).params);
    const values = (name: string) => form.getAll(name).map(String);
    const out = await configureRule({
      ctx,
      input: {
        rule,
        enabled: form.get("enabled") === "on",
        params: paramsFromForm(fields, values),
        allow: linesOf(String(form.get("allow") ?? "")),
      },
    });
    revalidatePath(`/${ctx.tenant.id}/settings`);
    return { ok: true, message: `Saved: ${rule} is ${out.enabled ? "on" : "off"}.` };
  } catch (err) {
    return actionFailure(err);
  }
}

/**
 * Replays a rule over the tenant's last 14 days with the parameters and allow-list in force (the
 * preview form carries them) and answers with the flags it would have raised per day. Stores
 * nothing; the service checks the parameters with the rule's schema.
 */
export async function previewRuleAction(
  tenant: string,
  rule: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "detection:configure"));
    const rawParams = String(form.get("params") ?? "").trim();
    let params: Record<string, unknown> = {};
    try {
      params = rawParams ? (JSON.parse(rawParams) as Record<string, unknown>) : {};
    } catch {
      return { ok: false, message: "params: not valid JSON" };
    }
    const out = await previewRule({
      ctx,
      input: {
        rule: rule as PreviewRuleInput["rule"],
        params,
        allow: linesOf(String(form.get("allow") ?? "")),
        days: 14,
      },
    });
    const days = out.days.map((d) => `${d.day.slice(5, 10)}: ${d.flags}`).join(", ");
    return {
      ok: true,
      message: `${out.total} flag${out.total === 1 ? "" : "s"} over the last ${out.days.length} days (${days}).`,
    };
  } catch (err) {
    return actionFailure(err);
  }
}
