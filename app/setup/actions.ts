"use server";

import { headers } from "next/headers";
import { AdminError } from "@/lib/admin/context";
import { auditEvent } from "@/lib/auth/audit";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { createFirstOwner, firstOwnerInput } from "@/lib/auth/first-owner";
import { AccessError, assertSameOrigin } from "@/lib/auth/guard";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export type SetupState = { error: string | null; done: boolean };

/**
 * Public by design (nobody can sign in yet): the one-time setup token printed by `npm start` is
 * the credential. Same-origin check like every mutation.
 */
export async function setupOwnerAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  const h = await headers();
  const rt = dashboardRuntime();
  try {
    assertSameOrigin((n) => h.get(n), [new URL(rt.publicUrl).origin, `http://${h.get("host")}`]);
  } catch (err) {
    if (err instanceof AccessError) return { error: err.message, done: false };
    throw err;
  }
  const parsed = firstOwnerInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { error: `${String(i?.path[0] ?? "input")}: ${i?.message}`, done: false };
  }
  try {
    const out = await createFirstOwner(rt.store, rt.setup, parsed.data);
    await auditEvent(
      out.tenantId,
      {
        userId: out.userId,
        email: parsed.data.email.toLowerCase(),
        auth: "session",
        ip: h.get(CLIENT_IP_HEADER),
        userAgent: h.get("user-agent"),
      },
      { action: "setup.owner_created", details: { tenant: out.tenantId, role: "owner" } },
    );
    return { error: null, done: true };
  } catch (err) {
    if (err instanceof AdminError) return { error: err.message, done: false };
    throw err;
  }
}
