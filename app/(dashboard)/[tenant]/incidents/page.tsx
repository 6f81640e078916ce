import Link from "next/link";
import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { SeverityBadge } from "@/components/flags/badges";
import { IncidentClockText } from "@/components/flags/incident-clock";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { listIncidents } from "@/lib/services/flags/list-incidents";

export const metadata = { title: "Incidents" };

/** Incidents escalated from flags, newest first, each with its 72-hour notification clock. */
export default async function IncidentsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "flags:read", `/${tenant}/incidents`);
  const rows = await listIncidents({ ctx: tenantCtx(access) });
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="small">
            <Link href={`${base}/flags`}>← Flags</Link>
          </p>
          <h1>Incidents</h1>
          <p>
            Flags escalated to an incident. Under GDPR Art. 33 a personal data breach is notified to
            the supervisory authority within 72 hours of becoming aware of it.
          </p>
        </div>
      </div>
      {rows.length === 0 ? (
        <div className="panel">
          <EmptyState title="No incidents">
            <p>Escalate a flag from its page to open one.</p>
          </EmptyState>
        </div>
      ) : (
        <div className="table-wrap panel">
          <table className="data">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Title</th>
                <th>Status</th>
                <th>Detected</th>
                <th>Aware</th>
                <th>72-hour clock</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id} data-testid="incident-row">
                  <td>
                    <SeverityBadge severity={i.severity} />
                  </td>
                  <td>
                    <Link href={`${base}/incidents/${encodeURIComponent(i.id)}`}>
                      {visible(i.title)}
                    </Link>
                  </td>
                  <td>{i.status}</td>
                  <td>
                    <Time iso={i.detectedAt.toISOString()} tz="utc" />
                  </td>
                  <td>
                    <Time iso={i.awareAt.toISOString()} tz="utc" />
                  </td>
                  <td>
                    {i.status === "closed" && !i.notifiedAuthorityAt ? (
                      "closed"
                    ) : (
                      <IncidentClockText
                        state={i.clock.state}
                        remainingMs={i.clock.remainingMs}
                        deadline={i.clock.deadline.toISOString()}
                      />
                    )}
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
