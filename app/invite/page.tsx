import type { ReactNode } from "react";
import { currentSession } from "@/app/_lib/next-auth";
import { publicReadCtx } from "@/app/_lib/service-ctx";
import { JoinInviteForm, NewAccountInviteForm } from "@/components/auth/invite-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { isRole } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { readInvitation } from "@/lib/services/reads/public";
import { acceptInviteAction, joinInviteAction } from "./actions";

export const metadata = { title: "Invitation" };

/**
 * The invitation link. An email nobody has an account for: choose a password. An email with an
 * account (password, SSO or none yet): never a password here; sign in as that email, then accept.
 */
export default async function InvitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : "";
  const found = token ? await readInvitation({ ctx: publicReadCtx(), input: { token } }) : null;
  if (!found)
    return (
      <Card title="Join Tooltrail">
        <p className="error-box small">
          This invitation link is invalid, used or expired. Ask an owner for a new one.
        </p>
      </Card>
    );
  const { invitation: inv, account } = found;
  const role = isRole(inv.role) ? ROLE_LABELS[inv.role] : inv.role;
  const what = `${inv.tenantName} as ${role}${
    inv.accessExpiresAt ? ` until ${inv.accessExpiresAt.toISOString().slice(0, 10)}` : ""
  }`;
  const here = `/invite?token=${encodeURIComponent(token)}`;
  const signIn = `/sign-in?callbackUrl=${encodeURIComponent(here)}`;
  if (!account)
    return (
      <Card title={`Join ${inv.tenantName}`}>
        <p className="lead">
          You are invited to {what}. Choose a password for {inv.email}.
        </p>
        <NewAccountInviteForm token={token} action={acceptInviteAction} />
      </Card>
    );
  const session = await currentSession();
  if (!session)
    return (
      <Card title={`Join ${inv.tenantName}`}>
        <p className="lead">
          You are invited to {what}. {inv.email} already has an account: sign in as {inv.email},
          then accept here.
        </p>
        <a className="btn btn-primary" href={signIn}>
          Sign in as {inv.email}
        </a>
      </Card>
    );
  if (session.user.email !== inv.email)
    return (
      <Card title={`Join ${inv.tenantName}`}>
        <p className="lead">
          You are signed in as {session.user.email}, but this invitation is for {inv.email}. Sign
          out first, then sign in as {inv.email}.
        </p>
        <SignOutButton className="btn btn-primary" callbackUrl={signIn} />
      </Card>
    );
  return (
    <Card title={`Join ${inv.tenantName}`}>
      <p className="lead">
        {inv.email}, you are invited to {what}.
      </p>
      <JoinInviteForm token={token} action={joinInviteAction} />
    </Card>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand" style={{ color: "var(--text)", marginBottom: 14 }}>
          <span className="brand-mark" /> Tooltrail
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
