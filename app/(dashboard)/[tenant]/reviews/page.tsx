import Link from "next/link";
import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { CampaignForm } from "@/components/reviews/campaign-form";
import { EmptyState } from "@/components/ui/empty-state";
import { visible } from "@/components/ui/visible";
import { listCampaigns } from "@/lib/services/reviews/list-campaigns";
import { createCampaignAction } from "./actions";

export const metadata = { title: "Access reviews" };

type Props = { params: Promise<{ tenant: string }> };

const STATUS: Record<string, string> = {
  draft: "Draft",
  in_progress: "In progress",
  completed: "Completed (locked)",
  cancelled: "Cancelled",
};

/** Access review campaigns, newest first; each opens its entries. */
export default async function ReviewsPage({ params }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "reviews:read", `/${tenant}/reviews`);
  const campaigns = await listCampaigns({ ctx: tenantCtx(access), input: {} });
  const base = `/${encodeURIComponent(access.tenant.id)}/reviews`;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Access reviews</h1>
          <p>
            Campaigns that recertify who may call which tool, and who has access to Tooltrail.
            Create and start them here or with <code>tooltrail reviews</code>.
          </p>
        </div>
      </div>
      <div className="panel">
        {campaigns.length === 0 ? (
          <EmptyState title="No campaigns yet">
            <p>Create one below or with tooltrail reviews create.</p>
          </EmptyState>
        ) : (
          <table className="data" data-testid="campaigns">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Due</th>
                <th>Started</th>
                <th>Snapshot</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`${base}/${encodeURIComponent(c.id)}`}>{visible(c.name)}</Link>
                  </td>
                  <td>{STATUS[c.status] ?? c.status}</td>
                  <td>{c.dueAt.slice(0, 10)}</td>
                  <td>{c.startedAt?.slice(0, 16).replace("T", " ") ?? "–"}</td>
                  <td>
                    <code>{c.snapshotHash?.slice(0, 12) ?? "–"}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {access.can("reviews:run") ? (
        <details className="panel" open={campaigns.length === 0}>
          <summary>
            <h2 style={{ display: "inline" }}>New campaign</h2>
          </summary>
          <CampaignForm
            action={createCampaignAction.bind(null, access.tenant.id)}
            defaultDue={new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}
          />
        </details>
      ) : null}
    </>
  );
}
