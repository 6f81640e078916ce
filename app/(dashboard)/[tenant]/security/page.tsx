import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { SECURITY_LOG_MAX_ROWS } from "@/lib/auth/failed-sign-ins";
import { readSecurityLog } from "@/lib/services/reads/security-log";

export const metadata = { title: "Security" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Failed sign-ins that no tenant's stream records (emails without an account, or accounts in no
 * organisation): the instance security log, for owners of every organisation on the instance.
 */
export default async function SecurityPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "security:read", `/${tenant}/security`);
  const tz = (await searchParams).tz === "local" ? "local" : "utc";
  const { allowed, rows } = await readSecurityLog({ ctx: tenantCtx(access) });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Security</h1>
          <p>
            Failed sign-ins for emails that have no account here (or an account in no organisation).
            Failures of members&apos; accounts are events in their organisations&apos; streams (
            <code>auth.sign_in_failed</code>). Repeats of one email from one address within an hour
            count on one line; the newest {SECURITY_LOG_MAX_ROWS.toLocaleString("en")} lines are
            kept.
          </p>
        </div>
      </div>
      {!allowed ? (
        <div className="panel" data-testid="security-log-restricted">
          <EmptyState title="Shown to owners of every organisation">
            <p>
              These attempts belong to no one organisation, so only someone who owns all of the
              organisations on this instance sees them.
            </p>
          </EmptyState>
        </div>
      ) : rows.length === 0 ? (
        <div className="panel">
          <EmptyState title="No failed sign-ins for unknown emails">
            <p>Nobody has tried to sign in with an email that has no account.</p>
          </EmptyState>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="security-log">
            <thead>
              <tr>
                <th>Last attempt</th>
                <th>Email</th>
                <th>Address</th>
                <th className="num">Attempts</th>
                <th className="num">Locked out</th>
                <th>First attempt</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.email}|${r.address}|${r.firstAt.toISOString()}`}>
                  <td>
                    <Time iso={r.lastAt.toISOString()} tz={tz} />
                  </td>
                  <td>{visible(r.email)}</td>
                  <td>{visible(r.address)}</td>
                  <td className="num">{r.attempts}</td>
                  <td className="num">{r.lockedAttempts || "–"}</td>
                  <td>
                    <Time iso={r.firstAt.toISOString()} tz={tz} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
