"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessError, guardAction } from "@/app/_lib/guard";
import { AdminError } from "@/lib/admin/context";
import { createKey } from "@/lib/admin/keys";
import { auditEvent } from "@/lib/auth/audit";
import {
  changeMember,
  inviteInput,
  inviteMember,
  memberChange,
  removeMember,
} from "@/lib/auth/members";
import type { Permission } from "@/lib/auth/permissions";
import { parseRedactionSettings } from "@/lib/core/redact";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export type ActionState = { ok: boolean; message: string | null; secret?: string | null };

function issue(e: z.ZodError): string {
  const i = e.issues[0];
  return `${i?.path.join(".") || "input"}: ${i?.message ?? "invalid"}`;
}

/**
 * Every settings mutation: the guard (same-origin + role), the change, then its audit event.
 * Errors a person can act on come back as state; anything else is a server error.
 */
async function run(
  tenant: string,
  permission: Permission,
  body: (a: Awaited<ReturnType<typeof guardAction>>) => Promise<ActionState>,
): Promise<ActionState> {
  try {
    const access = await guardAction(tenant, permission);
    const out = await body(access);
    if (out.ok) revalidatePath(`/${access.tenant.id}/settings`);
    return out;
  } catch (err) {
    if (err instanceof AccessError || err instanceof AdminError)
      return { ok: false, message: err.message };
    throw err;
  }
}

export async function inviteMemberAction(
  tenant: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  return run(tenant, "members:manage", async (a) => {
    const input = inviteInput.safeParse(Object.fromEntries(form));
    if (!input.success) return { ok: false, message: issue(input.error) };
    const out = await inviteMember(
      { store: dashboardRuntime().store, tenant: a.store, actorUserId: a.user.id },
      input.data,
    );
    await auditEvent(a.tenant.id, a.actor, {
      action: "member.invited",
      details: {
        email: out.email,
        role: input.data.role,
        expires: input.data.expires?.toISOString() ?? null,
      },
    });
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
  return run(tenant, "members:manage", async (a) => {
    const input = memberChange.safeParse(Object.fromEntries(form));
    if (!input.success) return { ok: false, message: issue(input.error) };
    const out = await changeMember(
      { store: dashboardRuntime().store, tenant: a.store, actorUserId: a.user.id },
      userId,
      input.data,
    );
    await auditEvent(a.tenant.id, a.actor, {
      action: "member.role_changed",
      details: {
        email: out.email,
        from: out.from,
        to: { role: input.data.role, expires: input.data.expires?.toISOString() ?? null },
      },
    });
    return { ok: true, message: `Saved ${out.email}.` };
  });
}

export async function removeMemberAction(
  tenant: string,
  userId: string,
  _p: ActionState,
  _f: FormData,
): Promise<ActionState> {
  return run(tenant, "members:manage", async (a) => {
    const out = await removeMember(
      { store: dashboardRuntime().store, tenant: a.store, actorUserId: a.user.id },
      userId,
    );
    await auditEvent(a.tenant.id, a.actor, { action: "member.removed", details: out });
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
  return run(tenant, "keys:manage", async (a) => {
    const f = keyForm.safeParse(Object.fromEntries(form));
    if (!f.success) return { ok: false, message: issue(f.error) };
    const servers = f.data.servers
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const k = await createKey({
      ctx: { store: dashboardRuntime().store },
      input: {
        tenant: a.tenant.id,
        name: f.data.name,
        ...(servers.length ? { servers } : {}),
        ...(f.data.rate !== "" ? { ratePerSecond: f.data.rate } : {}),
        ...(f.data.burst !== "" ? { burst: f.data.burst } : {}),
      },
    });
    await auditEvent(a.tenant.id, a.actor, {
      action: "key.created",
      details: {
        key_id: k.id,
        name: k.name,
        servers: k.servers,
        rate: f.data.rate || null,
        burst: f.data.burst || null,
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
  return run(tenant, "keys:manage", async (a) => {
    const ok = await dashboardRuntime().store.admin.revokeIngestKey(a.tenant.id, keyId);
    if (!ok) return { ok: false, message: "That key is unknown or already revoked." };
    await auditEvent(a.tenant.id, a.actor, { action: "key.revoked", details: { key_id: keyId } });
    return {
      ok: true,
      message: `Key ${keyId} revoked; servers stop accepting it within 5 seconds.`,
    };
  });
}

export async function saveRedactionAction(
  tenant: string,
  _p: ActionState,
  form: FormData,
): Promise<ActionState> {
  return run(tenant, "settings:manage", async (a) => {
    const input = parseRedactionSettings(String(form.get("config") ?? ""));
    if (!input.ok) return { ok: false, message: input.message };
    const before = a.tenant.redaction;
    await dashboardRuntime().store.admin.setTenantRedaction(a.tenant.id, input.config);
    await auditEvent(a.tenant.id, a.actor, {
      action: "redaction.changed",
      details: { before, after: input.config },
    });
    return { ok: true, message: "Saved. Ingestion applies the new rules within 10 seconds." };
  });
}
