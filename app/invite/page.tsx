import { InviteForm } from "@/components/auth/invite-form";
import { findInvitation } from "@/lib/auth/members";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export const metadata = { title: "Invitation" };

export default async function InvitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : "";
  const inv = token ? await findInvitation(dashboardRuntime().store, token) : null;
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand" style={{ color: "var(--text)", marginBottom: 14 }}>
          <span className="brand-mark" /> Tooltrail
        </div>
        <h1>Join {inv ? inv.tenantName : "Tooltrail"}</h1>
        {inv ? (
          <>
            <p className="lead">Choose a password for {inv.email}.</p>
            <InviteForm token={token} />
          </>
        ) : (
          <p className="error-box small">
            This invitation link is invalid, used or expired. Ask an owner for a new one.
          </p>
        )}
      </div>
    </main>
  );
}
