"use server";

import { actionFailure } from "@/app/_lib/errors";
import { sessionCookie } from "@/app/_lib/next-auth";
import { publicActionCtx } from "@/app/_lib/public-ctx";
import { isRole } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import {
  acceptInvitationLink,
  joinWithInvitationLink,
} from "@/lib/services/members/accept-invitation";

export type InviteState = { ok: boolean; message: string | null };

function role(r: string): string {
  return isRole(r) ? ROLE_LABELS[r] : r;
}

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

/** The form has one field a person types, so a problem is shown without the field's name. */
function failure(err: unknown): InviteState {
  return { ok: false, message: actionFailure(err).message.replace(/^(token|password): /, "") };
}

/**
 * Public by design: the one-time token is the credential, and only for an email nobody has an
 * account for (the holder chooses its password).
 */
export async function acceptInviteAction(_p: InviteState, form: FormData): Promise<InviteState> {
  try {
    const ctx = await publicActionCtx();
    const input = { token: field(form, "token"), password: field(form, "password") };
    const out = await acceptInvitationLink({ ctx, input });
    return {
      ok: true,
      message: `Your password is set and you joined ${out.tenantName} as ${role(out.role)}. Sign in as ${out.email}.`,
    };
  } catch (err) {
    return failure(err);
  }
}

/** An email with an account: the token and that account's own session, both. */
export async function joinInviteAction(_p: InviteState, form: FormData): Promise<InviteState> {
  try {
    const ctx = await publicActionCtx();
    const session = await sessionCookie();
    const out = await joinWithInvitationLink({
      ctx,
      input: {
        token: field(form, "token"),
        sessionId: session?.sid ?? null,
        auth: session?.auth ?? "session",
      },
    });
    return { ok: true, message: `You joined ${out.tenantName} as ${role(out.role)}.` };
  } catch (err) {
    return failure(err);
  }
}
