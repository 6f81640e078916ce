"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import type { RedactionFormState } from "@/components/settings/redaction-form";
import type { Permission } from "@/lib/auth/permissions";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";
import type { TenantCtx } from "@/lib/services/context";
import { createKey } from "@/lib/services/keys/create-key";
import { revokeKey } from "@/lib/services/keys/revoke-key";
import { type ChangeMemberInput, changeMember } from "@/lib/services/members/change-member";
import { type InviteInput, inviteMember } from "@/lib/services/members/invite-member";
import { removeMember } from "@/lib/services/members/remove-member";
import {
  type CreateDestinationInput,
  createDestination,
} from "@/lib/services/notifications/create-destination";
import { removeDestination } from "@/lib/services/notifications/remove-destination";
import { sendTest } from "@/lib/services/notifications/send-test";
import { previewRedaction } from "@/lib/services/redaction/preview-redaction";
import { draftFromForm } from "@/lib/services/redaction/redaction-draft";
import { saveRedaction } from "@/lib/services/redaction/save-redaction";

/** A form's text fields, as the service's input before it validates them. */
function formFields(form: FormData): Record<string, string> {
  return Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
}

export type ActionState = { ok: boolean; message: string | null; secret?: string | null };

function issue(e: z.ZodError): string {
  const i = e.issues[0];
  return `${i?.path.join(".") || "input"}: ${i?.message ?? "invalid"}`;
}

/**
 * Every settings mutation adapts a service (lib/services), which checks the permission again,
 * makes the change and writes its audit event: here only the guard (same-origin + role), the
 * form, and the one mapping of errors (app/_lib/errors.ts).
 */
async function run(
  tenant: string,
  permission: Permission,
  body: (ctx: TenantCtx) => Promise<ActionState>,
): Promise<ActionState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, permission));
    const out = await body(ctx);
    if (out.ok) revalidatePath(`/${ctx.tenant.id}/settings`);
    return out;
  } catch (err) {
    return { ...actionFailure(err) };
  }
}

export async function inviteMemberAction(
  tenant: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  return run(tenant, "members:manage", async (ctx) => {
    // The service validates the form's fields (lib/services/members/invite-member.ts).
    const out = await inviteMember({ ctx, input: formFields(form) as InviteInput });
    // The same answer whoever the email belongs to: the link says what to do next.
    return {
      ok: true,
      message: `Invited ${out.email}. Send them this one-time link (valid 7 days):`,
      secret: `${dashboardRuntime().publicUrl}/invite?token=${out.token}`,
    };
  });
}

export async function changeMemberAction(
  tenant: string,
  userId: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  return run(tenant, "members:manage", async (ctx) => {
    const input = { ...formFields(form), userId } as ChangeMemberInput;
    const out = await changeMember({ ctx, input });
    return { ok: true, message: `Saved ${out.email}.` };
  });
}

export async function removeMemberAction(
  tenant: string,
  userId: string,
  _p: ActionState,
  _f: FormData,
): Promise<ActionState> {
  return run(tenant, "members:manage", async (ctx) => {
    const out = await removeMember({ ctx, input: { userId } });
    return { ok: true, message: `Removed ${out.email}.` };
  });
}

const keyForm = z.object({
  name: z.string().trim().min(1, "name the key").max(200),
  servers: z.string().max(4000).default(""),
  rate: z.union([z.literal(""), z.coerce.number().int().min(1).max(10_000_000)]).default(""),
  burst: z.union([z.literal(""), z.coerce.number().int().min(1).max(100_000_000)]).default(""),
});

export async function createKeyAction(
  tenant: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  return run(tenant, "keys:manage", async (ctx) => {
    const f = keyForm.safeParse(Object.fromEntries(form));
    if (!f.success) return { ok: false, message: issue(f.error) };
    const servers = f.data.servers
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const k = await createKey({
      ctx,
      input: {
        name: f.data.name,
        ...(servers.length ? { servers } : {}),
        ...(f.data.rate !== "" ? { ratePerSecond: f.data.rate } : {}),
        ...(f.data.burst !== "" ? { burst: f.data.burst } : {}),
      },
    });
    return {
      ok: true,
      message: `Key ${k.id} created. Copy it now: it is shown only once.`,
      secret: k.token,
    };
  });
}

export async function revokeKeyAction(
  tenant: string,
  keyId: string,
  _p: ActionState,
  _f: FormData,
): Promise<ActionState> {
  return run(tenant, "keys:manage", async (ctx) => {
    await revokeKey({ ctx, input: { id: keyId } });
    return {
      ok: true,
      message: `Key ${keyId} revoked; servers stop accepting it within 5 seconds.`,
    };
  });
}

/**
 * The redaction form: "Test sample" redacts the sample under the rules as typed (nothing saved),
 * "Save rules" saves them. Either way the answer carries back what was typed, so a refused save
 * keeps every field, also when the form was posted without JavaScript.
 */
export async function saveRedactionAction(
  tenant: string,
  prev: RedactionFormState,
  form: FormData,
): Promise<RedactionFormState> {
  const draft = draftFromForm(form);
  const sample = String(form.get("sample") ?? "");
  const intent = form.get("intent") === "test" ? "test" : "save";
  const kept = { draft, sample, intent, seq: (prev?.seq ?? 0) + 1 } as const;
  try {
    const ctx = tenantCtx(await guardAction(tenant, "settings:manage"));
    if (intent === "test") {
      const preview = await previewRedaction({ ctx, input: { ...draft, sample } });
      return { ...kept, ok: true, message: null, preview };
    }
    const out = await saveRedaction({ ctx, input: draft });
    revalidatePath(`/${ctx.tenant.id}/settings`);
    return {
      ...kept,
      draft: null,
      ok: true,
      preview: null,
      message: `Saved ${out.rules} rule${out.rules === 1 ? "" : "s"}. Ingestion applies them within 10 seconds.`,
    };
  } catch (err) {
    return { ...kept, preview: null, ...actionFailure(err) };
  }
}

export async function createDestinationAction(
  tenant: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  return run(tenant, "detection:configure", async (ctx) => {
    // The service validates the fields and checks the URL (lib/notify/ssrf.ts).
    const input = formFields(form) as CreateDestinationInput;
    const out = await createDestination({ ctx, input });
    return out.secret
      ? {
          ok: true,
          message: `Added ${out.destination.name}. Copy its signing secret now: it is shown only once.`,
          secret: out.secret,
        }
      : { ok: true, message: `Added ${out.destination.name}.` };
  });
}

export async function removeDestinationAction(
  tenant: string,
  id: string,
  _p: ActionState,
  _f: FormData,
): Promise<ActionState> {
  return run(tenant, "detection:configure", async (ctx) => {
    await removeDestination({ ctx, input: { id } });
    return { ok: true, message: "Removed." };
  });
}

export async function sendTestAction(
  tenant: string,
  id: string,
  _p: ActionState,
  _f: FormData,
): Promise<ActionState> {
  return run(tenant, "detection:configure", async (ctx) => {
    const r = await sendTest({ ctx, input: { id } });
    if (r.ok) return { ok: true, message: `Delivered (HTTP ${r.status}).` };
    // The failed attempt is in the delivery log too: show it there as well.
    revalidatePath(`/${ctx.tenant.id}/settings`);
    return { ok: false, message: `Not delivered: ${r.error}` };
  });
}
