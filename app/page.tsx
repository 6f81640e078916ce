import Link from "next/link";
import { redirect } from "next/navigation";
import { currentSession } from "@/app/_lib/next-auth";
import { publicReadCtx } from "@/app/_lib/service-ctx";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { isRole } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { readOrganisations } from "@/lib/services/reads/public";

/** Landing: one organisation → straight in; several → choose; none active → say why. */
export default async function Home() {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  const mine = await readOrganisations({
    ctx: publicReadCtx(),
    input: { userId: session.userId },
  });
  if (!mine) redirect("/sign-in");
  const all = mine.organisations;
  const active = all.filter((m) => m.active);
  if (active.length === 1 && all.length === 1 && active[0]) redirect(`/${active[0].tenantId}`);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Your organisations</h1>
        <p className="lead">Signed in as {mine.email}</p>
        {all.length === 0 ? (
          <p className="notice">
            You are not a member of any organisation yet. Ask an owner to invite you.
          </p>
        ) : (
          <ul className="toplist">
            {all.map((m) => {
              const ok = m.active;
              return (
                <li key={m.tenantId} style={{ gridTemplateColumns: "1fr auto" }}>
                  {ok ? (
                    <Link href={`/${m.tenantId}`}>{m.tenantName}</Link>
                  ) : (
                    <span className="muted">{m.tenantName}</span>
                  )}
                  <span className="small muted">
                    {isRole(m.role) ? ROLE_LABELS[m.role] : m.role}
                    {ok ? "" : ` · access ended ${m.expiresAt?.toISOString().slice(0, 10)}`}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        <div style={{ marginTop: 18 }}>
          <SignOutButton />
        </div>
      </div>
    </main>
  );
}
