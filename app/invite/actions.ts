"use server";

import { headers } from "next/headers";
import { AdminError } from "@/lib/admin/context";
import { auditEvent } from "@/lib/auth/audit";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { AccessError, assertSameOrigin } from "@/lib/auth/guard";
import { acceptInput, acceptInvitation } from "@/lib/auth/members";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export type InviteState = { ok: boolean; message: string | null };

/** Public by design: the one-time invitation token is the credential. */
export async function acceptInviteAction(_p: InviteState, form: FormData): Promise<InviteState> {
  const h = await headers();
  const rt = dashboardRuntime();
  try {
    assertSameOrigin((n) => h.get(n), [new URL(rt.publicUrl).origin, `http://${h.get("host")}`]);
    const input = acceptInput.safeParse(Object.fromEntries(form));
    if (!input.success)
      return { ok: false, message: input.error.issues[0]?.message ?? "invalid input" };
    const out = await acceptInvitation(rt.store, input.data);
    await auditEvent(
      out.tenantId,
      {
        userId: out.userId,
        email: out.email,
        auth: "session",
        ip: h.get(CLIENT_IP_HEADER),
        userAgent: h.get("user-agent"),
      },
      { action: "member.invitation_accepted" },
    );
    return { ok: true, message: null };
  } catch (err) {
    if (err instanceof AdminError || err instanceof AccessError)
      return { ok: false, message: err.message };
    throw err;
  }
}
