import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { CampaignControls } from "@/components/reviews/campaign-controls";
import { EntriesTable, type EntryRow } from "@/components/reviews/entries-table";
import { ActionForm } from "@/components/settings/action-form";
import { BadRequest } from "@/components/ui/bad-request";
import { EmptyState } from "@/components/ui/empty-state";
import { visible } from "@/components/ui/visible";
import { ENTRY_FLAGS, type PopulationEntry } from "@/lib/access/population-types";
import { hasCode } from "@/lib/core/errors";
import { entriesQuery, parseEntriesView } from "@/lib/services/reviews/entries-view";
import { listEntries } from "@/lib/services/reviews/list-entries";
import { reviewMembers } from "@/lib/services/reviews/review-members";
import { listRevocations } from "@/lib/services/revocations/list";
import { bulkKeepAction, decideEntryAction } from "./actions";
import {
  cancelCampaignAction,
  completeCampaignAction,
  recordExceptionAction,
  startCampaignAction,
} from "./lifecycle-actions";

export const metadata = { title: "Access review" };

type Props = {
  params: Promise<{ tenant: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** One campaign: its snapshot, its entries with flags and decisions, and the reviewer's forms. */
export default async function ReviewPage({ params, searchParams }: Props) {
  const { tenant, id: rawId } = await params;
  const access = await guardPage(tenant, "reviews:read", `/${tenant}/reviews`);
  const ctx = tenantCtx(access);
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    notFound();
  }
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const here = `${base}/reviews/${encodeURIComponent(id)}`;
  const parsed = readPageParams(await searchParams, parseEntriesView);
  if (!parsed.ok) return <BadRequest message={parsed.message} back={here} />;
  const filter = parsed.value;
  let result: Awaited<ReturnType<typeof listEntries>>;
  try {
    result = await listEntries({ ctx, input: { campaign: id, ...filter } });
  } catch (err) {
    if (hasCode(err, "not-found") || hasCode(err, "invalid-input")) notFound();
    throw err;
  }
  const { campaign: c, entries } = result;
  const email = await reviewMembers({ ctx });
  const rows: EntryRow[] = entries.map((e) => {
    const entry = e.entry as PopulationEntry;
    const d = e.decision;
    const q = new URLSearchParams({
      actor: e.principal,
      server: e.server,
      tool: e.tool,
      range: "30d",
    });
    return {
      id: e.id,
      change: e.change,
      kind: e.kind,
      principal: e.principal,
      server: e.server,
      tool: e.tool,
      flags: entry.flags,
      calls: entry.usage.calls,
      lastUsed: entry.usage.lastUsed,
      reviewer: email.get(e.reviewerUserId) ?? e.reviewerUserId,
      decision: d
        ? `${d.decision}${d.automatic ? " (automatic)" : ""} by ${email.get(d.decidedBy) ?? d.decidedBy}${d.note ? `: ${d.note}` : ""}`
        : null,
      explorer:
        e.kind === "tool" && entry.principalKind === "actor"
          ? `${base}/events?${q.toString()}`
          : null,
    };
  });
  const open = c.status === "in_progress" && access.can("reviews:decide");
  const runs = access.can("reviews:run");
  // Those who see the campaign whole (run or audit reviews) get its evidence.
  const evidence = runs || !access.can("reviews:decide");
  const revocations =
    runs && c.status !== "draft" ? await listRevocations({ ctx, input: { campaignId: c.id } }) : [];
  const counts = c.counts as { entries?: number; new?: number; removed?: number } | null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{visible(c.name)}</h1>
          <p>
            {c.status.replace("_", " ")} · due {c.dueAt.slice(0, 10)}
            {c.snapshotHash ? (
              <>
                {" "}
                · snapshot sha256 <code data-testid="snapshot-hash">{c.snapshotHash}</code>
              </>
            ) : null}
            {counts
              ? ` · ${counts.entries ?? 0} entries, ${counts.new ?? 0} new, ${counts.removed ?? 0} removed`
              : null}
          </p>
        </div>
        {evidence ? (
          <nav className="row" aria-label="Evidence">
            <a className="btn" href={`${here}/export?format=csv`} download>
              Export CSV
            </a>
            <a className="btn" href={`${here}/export?format=json`} download>
              Export JSON
            </a>
            <Link className="btn" href={`${here}/print`}>
              Print view
            </Link>
          </nav>
        ) : null}
      </div>
      <div className="stack">
        {runs ? (
          <CampaignControls
            status={c.status}
            revocations={revocations.map((r) => ({
              id: r.id,
              principal: r.principal,
              server: r.server,
              tools: r.tools,
              status: r.status,
              confirmedAt: r.confirmedAt?.toISOString() ?? null,
              confirmedBy: r.confirmedBy,
              exceptionNote: r.exceptionNote,
            }))}
            start={startCampaignAction.bind(null, access.tenant.id, c.id)}
            complete={completeCampaignAction.bind(null, access.tenant.id, c.id)}
            cancel={cancelCampaignAction.bind(null, access.tenant.id, c.id)}
            exception={recordExceptionAction.bind(null, access.tenant.id, c.id)}
          />
        ) : null}
        <form className="row panel" method="get" action={here} aria-label="Filter entries">
          <label>
            Flag{" "}
            <select name="flag" defaultValue={filter.flag ?? ""}>
              <option value="">any</option>
              {ENTRY_FLAGS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind{" "}
            <select name="kind" defaultValue={filter.kind ?? ""}>
              <option value="">any</option>
              <option value="tool">tool</option>
              <option value="membership">membership</option>
              <option value="ingest-key">ingest key</option>
            </select>
          </label>
          <label>
            State{" "}
            <select name="state" defaultValue={filter.state ?? ""}>
              <option value="">any</option>
              <option value="undecided">undecided</option>
              <option value="decided">decided</option>
            </select>
          </label>
          <label>
            <input type="checkbox" name="mine" value="1" defaultChecked={filter.mine === true} />{" "}
            routed to me
          </label>
          <button className="btn" type="submit">
            Filter
          </button>
        </form>
        <div className="panel">
          {rows.length === 0 ? (
            <EmptyState title="No entries match">
              <p>Nothing in this campaign matches these filters.</p>
            </EmptyState>
          ) : (
            <EntriesTable rows={rows} />
          )}
        </div>
        {open ? (
          <div className="row" style={{ alignItems: "flex-start" }}>
            <section className="panel stack" aria-label="Decide">
              <h2>Decide an entry</h2>
              <ActionForm
                action={decideEntryAction.bind(null, access.tenant.id, c.id)}
                submit="Record decision"
              >
                <label>
                  Entry <input name="entry" required placeholder="e1" />
                </label>
                <label>
                  Decision{" "}
                  <select name="decision" defaultValue="keep">
                    <option value="keep">keep</option>
                    <option value="revoke">revoke</option>
                    <option value="reduce">reduce</option>
                    <option value="escalate">escalate</option>
                  </select>
                </label>
                <label>
                  Note (required for revoke and reduce) <input name="note" maxLength={2000} />
                </label>
                <label>
                  Reduce: tools to take away <input name="reduceTools" placeholder="tool,tool" />
                </label>
                <label>
                  Reduce: new role <input name="reduceRole" placeholder="viewer" />
                </label>
              </ActionForm>
            </section>
            <section className="panel stack" aria-label="Bulk keep">
              <h2>Keep what this filter shows</h2>
              <p className="small">Every undecided entry routed to you among those shown.</p>
              <ActionForm
                action={bulkKeepAction.bind(null, access.tenant.id, c.id)}
                submit="Keep all"
              >
                {Object.entries(entriesQuery({ ...filter, state: undefined, mine: undefined })).map(
                  ([k, v]) => (
                    <input key={k} type="hidden" name={k} value={v} />
                  ),
                )}
                <label>
                  Note <input name="note" maxLength={2000} />
                </label>
              </ActionForm>
            </section>
          </div>
        ) : null}
      </div>
    </>
  );
}
