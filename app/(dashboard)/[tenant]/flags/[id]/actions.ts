"use server";

import { revalidatePath } from "next/cache";
import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import type { TenantCtx } from "@/lib/services/context";
import { acknowledgeFlag } from "@/lib/services/flags/acknowledge-flag";
import { assignFlag } from "@/lib/services/flags/assign-flag";
import { escalateToIncident } from "@/lib/services/flags/escalate-to-incident";
import { reopenFlag } from "@/lib/services/flags/reopen-flag";
import { type ResolveFlagInput, resolveFlag } from "@/lib/services/flags/resolve-flag";
import { suppressPattern } from "@/lib/services/flags/suppress-pattern";

export type ActionState = { ok: boolean; message: string | null };

/** A form field as text; absent or blank is undefined (the service decides what is required). */
function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/**
 * Every triage step adapts a service of lib/services/flags, which checks flags:triage again,
 * validates, changes the flag and writes its audit event: here the guard, the form, the errors.
 */
async function run(
  tenant: string,
  flagId: string,
  body: (ctx: TenantCtx) => Promise<string>,
): Promise<ActionState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "flags:triage"));
    const message = await body(ctx);
    revalidatePath(`/${ctx.tenant.id}/flags/${encodeURIComponent(flagId)}`);
    return { ok: true, message };
  } catch (err) {
    return actionFailure(err);
  }
}

export async function acknowledgeFlagAction(
  tenant: string,
  id: string,
  _p: ActionState,
  _f: FormData,
) {
  return run(tenant, id, async (ctx) => {
    await acknowledgeFlag({ ctx, input: { id } });
    return "Acknowledged.";
  });
}

export async function resolveFlagAction(
  tenant: string,
  id: string,
  _p: ActionState,
  form: FormData,
) {
  return run(tenant, id, async (ctx) => {
    const input = { id, reason: field(form, "reason"), note: field(form, "note") ?? "" };
    await resolveFlag({ ctx, input: input as ResolveFlagInput });
    return "Resolved.";
  });
}

export async function reopenFlagAction(
  tenant: string,
  id: string,
  _p: ActionState,
  form: FormData,
) {
  return run(tenant, id, async (ctx) => {
    await reopenFlag({ ctx, input: { id, note: field(form, "note") ?? "" } });
    return "Reopened.";
  });
}

export async function assignFlagAction(
  tenant: string,
  id: string,
  _p: ActionState,
  form: FormData,
) {
  return run(tenant, id, async (ctx) => {
    const out = await assignFlag({ ctx, input: { id, assignee: field(form, "assignee") ?? null } });
    return out.assignee ? "Assigned." : "Unassigned.";
  });
}

export async function suppressFlagAction(
  tenant: string,
  id: string,
  _p: ActionState,
  form: FormData,
) {
  return run(tenant, id, async (ctx) => {
    // The pattern is the flag's own rule and subject, which the service reads (never the form).
    const until = field(form, "until");
    const s = await suppressPattern({
      ctx,
      input: {
        flagId: id,
        until: until ? `${until}T23:59:59Z` : "",
        reason: field(form, "reason") ?? "",
      },
    });
    return `Suppressed until ${s.until.toISOString().slice(0, 10)}.`;
  });
}

export async function escalateFlagAction(
  tenant: string,
  id: string,
  _p: ActionState,
  form: FormData,
) {
  return run(tenant, id, async (ctx) => {
    const incidentId = field(form, "incidentId");
    const title = field(form, "title");
    const awareAt = field(form, "awareAt");
    const i = await escalateToIncident({
      ctx,
      input: {
        flagIds: [id],
        ...(incidentId ? { incidentId } : {}),
        ...(title ? { title } : {}),
        // datetime-local has no zone: the form says UTC.
        ...(awareAt ? { awareAt: `${awareAt}Z` } : {}),
      },
    });
    revalidatePath(`/${ctx.tenant.id}/incidents`);
    return `Linked to incident "${i.title}".`;
  });
}
