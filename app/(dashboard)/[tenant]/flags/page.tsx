import Link from "next/link";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { FlagCounts } from "@/components/flags/flag-counts";
import { FlagsFilters } from "@/components/flags/flags-filters";
import { type FlagRow, FlagsTable } from "@/components/flags/flags-table";
import { BadRequest } from "@/components/ui/bad-request";
import { EmptyState } from "@/components/ui/empty-state";
import { SEVERITIES } from "@/lib/detect/types";
import { countFlags } from "@/lib/services/flags/count-flags";
import { ruleTitles } from "@/lib/services/flags/flag-common";
import { subjectText } from "@/lib/services/flags/flag-links";
import { flagMembers } from "@/lib/services/flags/flag-members";
import { FLAGS_PAGE_SIZE, flagsQuery, parseFlagsView } from "@/lib/services/flags/flags-view";
import { FLAG_SORTS, FLAG_STATUSES, listFlags } from "@/lib/services/flags/list-flags";

export const metadata = { title: "Flags" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Anomaly flags: counts for every role; for roles that read flags, the list filtered, sorted and
 * paged by the server from the URL.
 */
export default async function FlagsPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "flags:count", `/${tenant}/flags`);
  const ctx = tenantCtx(access);
  const base = `/${encodeURIComponent(access.tenant.id)}/flags`;
  const counts = await countFlags({ ctx });
  const head = (
    <div className="page-head">
      <div>
        <h1>Flags</h1>
        <p>What the detection rules found unusual, and what was decided about it.</p>
      </div>
      {access.can("flags:read") ? (
        <Link className="btn" href={`/${encodeURIComponent(access.tenant.id)}/incidents`}>
          Incidents
        </Link>
      ) : null}
    </div>
  );
  if (!access.can("flags:read"))
    return (
      <>
        {head}
        <FlagCounts bySeverity={counts.unresolvedBySeverity} byStatus={counts.byStatus} />
      </>
    );
  const parsed = readPageParams(await searchParams, parseFlagsView);
  if (!parsed.ok) return <BadRequest message={parsed.message} back={base} />;
  const { view, input } = parsed.value;
  const [page, members] = await Promise.all([listFlags({ ctx, input }), flagMembers({ ctx })]);
  const email = new Map(members.map((m) => [m.userId, m.email]));
  const titles = ruleTitles();
  const title = new Map(titles.map((r) => [r.id, r.title]));
  const rows: FlagRow[] = page.rows.map((f) => ({
    id: f.id,
    href: `${base}/${encodeURIComponent(f.id)}`,
    severity: f.severity,
    rule: f.rule,
    ruleTitle: title.get(f.rule) ?? f.rule,
    subject: subjectText(f.subjectLabel || f.subjectKey),
    sentence: f.sentence,
    status: f.status,
    assignee: f.assignee ? (email.get(f.assignee) ?? f.assignee) : null,
    firstSeen: f.firstSeen.toISOString(),
    lastSeen: f.lastSeen.toISOString(),
    active: f.active,
  }));
  const links = Object.fromEntries(
    FLAG_SORTS.map((s) => [
      s,
      `${base}${flagsQuery(view, { sort: s, order: view.sort === s && view.order === "desc" ? "asc" : "desc", page: null })}`,
    ]),
  );
  const pages = Math.max(1, Math.ceil(page.total / FLAGS_PAGE_SIZE));
  return (
    <>
      {head}
      <div className="stack">
        <FlagCounts bySeverity={counts.unresolvedBySeverity} byStatus={counts.byStatus} />
        <FlagsFilters
          action={base}
          value={view}
          rules={titles}
          members={members}
          severities={SEVERITIES}
          statuses={FLAG_STATUSES}
        />
        {rows.length === 0 ? (
          <div className="panel">
            <EmptyState title="No flags match">
              <p>Nothing the enabled rules raised matches these filters.</p>
            </EmptyState>
          </div>
        ) : (
          <FlagsTable
            rows={rows}
            tz="utc"
            sorting={{ column: view.sort, dir: view.order, links }}
          />
        )}
        <nav className="row small" style={{ justifyContent: "space-between" }} aria-label="Pages">
          <span data-testid="flags-total">
            {page.total} flag{page.total === 1 ? "" : "s"} · page {view.page} of {pages}
          </span>
          <span className="row">
            {view.page > 1 ? (
              <Link
                className="btn"
                href={`${base}${flagsQuery(view, { page: String(view.page - 1) })}`}
              >
                ← Previous
              </Link>
            ) : null}
            {view.page < pages ? (
              <Link
                className="btn"
                href={`${base}${flagsQuery(view, { page: String(view.page + 1) })}`}
              >
                Next →
              </Link>
            ) : null}
          </span>
        </nav>
      </div>
    </>
  );
}
