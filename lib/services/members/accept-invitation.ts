import type { z } from "zod";
import { parseInput } from "../parse-input";
import type { PublicCtx } from "../public-ctx";
import {
  acceptInput,
  acceptInvitation as acceptRule,
  type Joined,
  joinInput,
  joinWithInvitation as joinRule,
} from "./invitation-rules";

export { acceptInput, joinInput };

/**
 * The link of an email nobody has an account for: the holder chooses the password and joins.
 * Public by design: the one-time token is the credential.
 */
export async function acceptInvitationLink({
  ctx,
  input,
}: {
  ctx: PublicCtx;
  input: z.input<typeof acceptInput>;
}): Promise<Joined> {
  const out = await acceptRule(ctx.store, parseInput(acceptInput, input), ctx.now());
  await auditAccepted(ctx, out, "session", "created");
  return out;
}

/** The link of an email with an account: the token and a session of that very account. */
export async function joinWithInvitationLink({
  ctx,
  input,
}: {
  ctx: PublicCtx;
  input: z.input<typeof joinInput> & { sessionId: string | null; auth: "session" | "oauth" };
}): Promise<Joined> {
  const { token } = parseInput(joinInput, input);
  const out = await joinRule(ctx.store, { token, sessionId: input.sessionId }, ctx.now());
  await auditAccepted(ctx, out, input.auth, "signed in");
  return out;
}

/** The acceptance goes into the inviting tenant's own stream, by the account that accepted. */
function auditAccepted(ctx: PublicCtx, out: Joined, auth: "session" | "oauth", how: string) {
  return ctx.audit(
    out.tenantId,
    {
      kind: "user",
      userId: out.userId,
      email: out.email,
      auth,
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
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
