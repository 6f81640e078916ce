"use server";

import { headers } from "next/headers";
import type { z } from "zod";
import { AdminError } from "@/lib/admin/context";
import { auditEvent } from "@/lib/auth/audit";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { AccessError, assertSameOrigin, isRole } from "@/lib/auth/guard";
import {
  acceptInput,
  acceptInvitation,
  type Joined,
  joinInput,
  joinWithInvitation,
} from "@/lib/auth/invitations";
import { sessionCookie } from "@/lib/auth/next-auth";
import { ROLE_LABELS } from "@/lib/auth/permissions";

import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export type InviteState = { ok: boolean; message: string | null };

/** Same-origin check, then the body; refusals a person can act on come back as the message. */
async function respond(body: (h: Headers) => Promise<InviteState>): Promise<InviteState> {
  const h = await headers();
  try {
    assertSameOrigin(
      (n) => h.get(n),
      [new URL(dashboardRuntime().publicUrl).origin, `http://${h.get("host")}`],
    );
    return await body(h);
  } catch (err) {
    if (err instanceof AdminError || err instanceof AccessError)
      return { ok: false, message: err.message };
    throw err;
  }
}

function firstIssue(e: z.ZodError): string {
  return e.issues[0]?.message ?? "invalid input";
}

function role(r: string): string {
  return isRole(r) ? ROLE_LABELS[r] : r;
}

/** The acceptance goes into the inviting tenant's own stream, by the account that accepted. */
async function audit(h: Headers, out: Joined, auth: "session" | "oauth", how: string) {
  await auditEvent(
    out.tenantId,
    {
      userId: out.userId,
      email: out.email,
      auth,
      ip: h.get(CLIENT_IP_HEADER),
      userAgent: h.get("user-agent"),
    },
    {
      action: "member.invitation_accepted",
      details: {
        role: out.role,
        expires: out.expires?.toISOString() ?? null,
        account: how,
        ended_sessions: out.endedSessions,
      },
    },
  );
}

/**
 * Public by design: the one-time token is the credential, and only for an email nobody has an
 * account for (the holder chooses its password).
 */
export async function acceptInviteAction(_p: InviteState, form: FormData): Promise<InviteState> {
  return respond(async (h) => {
    const input = acceptInput.safeParse(Object.fromEntries(form));
    if (!input.success) return { ok: false, message: firstIssue(input.error) };
    const out = await acceptInvitation(dashboardRuntime().store, input.data);
    await audit(h, out, "session", "created");
    return {
      ok: true,
      message: `Your password is set and you joined ${out.tenantName} as ${role(out.role)}. Sign in as ${out.email}.`,
    };
  });
}

/** An email with an account: the token and that account's own session, both. */
export async function joinInviteAction(_p: InviteState, form: FormData): Promise<InviteState> {
  return respond(async (h) => {
    const input = joinInput.safeParse(Object.fromEntries(form));
    if (!input.success) return { ok: false, message: firstIssue(input.error) };
    const session = await sessionCookie();
    const out = await joinWithInvitation(dashboardRuntime().store, {
      token: input.data.token,
      sessionId: session?.sid ?? null,
    });
    await audit(h, out, session?.auth ?? "session", "signed in");
    return { ok: true, message: `You joined ${out.tenantName} as ${role(out.role)}.` };
  });
}
