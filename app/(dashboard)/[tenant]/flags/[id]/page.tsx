import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { SeverityBadge, StatusBadge } from "@/components/flags/badges";
import { FlagChart } from "@/components/flags/flag-chart";
import { FlagEvidence } from "@/components/flags/flag-evidence";
import { FlagHistory } from "@/components/flags/flag-history";
import { FlagTriage } from "@/components/flags/flag-triage";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { hasCode } from "@/lib/core/errors";
import {
  RESOLUTION_LABELS,
  RESOLUTION_REASONS,
  ruleTitles,
} from "@/lib/services/flags/flag-common";
import { flagExplorerQuery, subjectText } from "@/lib/services/flags/flag-links";
import { flagMembers } from "@/lib/services/flags/flag-members";
import { type FlagDetail, getFlag } from "@/lib/services/flags/get-flag";
import { listIncidents } from "@/lib/services/flags/list-incidents";
import {
  acknowledgeFlagAction,
  assignFlagAction,
  escalateFlagAction,
  reopenFlagAction,
  resolveFlagAction,
  suppressFlagAction,
} from "./actions";

export const metadata = { title: "Flag" };

type Props = { params: Promise<{ tenant: string; id: string }> };

const UNITS: Record<string, string> = {
  actor: "calls",
  actor_tool: "calls",
  server: "calls",
  ingest_key: "events",
  actor_bytes: "result bytes",
  actor_distinct: "distinct values",
};

function figures(o: Record<string, number> | null): string {
  return o
    ? Object.entries(o)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")
    : "–";
}

/** One flag: its sentence, the series against its baseline, evidence, history and triage. */
export default async function FlagPage({ params }: Props) {
  const { tenant, id: rawId } = await params;
  const access = await guardPage(tenant, "flags:read", `/${tenant}/flags`);
  const ctx = tenantCtx(access);
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    notFound();
  }
  let d: FlagDetail;
  try {
    d = await getFlag({ ctx, input: { id } });
  } catch (err) {
    if (hasCode(err, "not-found") || hasCode(err, "invalid-input")) notFound();
    throw err;
  }
  const t = access.tenant.id;
  const base = `/${encodeURIComponent(t)}`;
  const f = d.flag;
  const triage = access.can("flags:triage");
  const [members, incidents] = await Promise.all([
    flagMembers({ ctx }),
    triage ? listIncidents({ ctx }) : Promise.resolve([]),
  ]);
  const email = new Map(members.map((m) => [m.userId, m.email]));
  const who = (by: string) => email.get(by) ?? by;
  const title = ruleTitles().find((r) => r.id === f.rule)?.title ?? f.rule;
  const explorer = access.can("events:read") ? `${base}/events?${flagExplorerQuery(f)}` : null;
  const suppressDefault = new Date(ctx.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="small">
            <Link href={`${base}/flags`}>← Flags</Link>
          </p>
          <h1 className="row" style={{ gap: 8 }}>
            <SeverityBadge severity={f.severity} /> {title}
          </h1>
          <p data-testid="flag-sentence">{visible(f.sentence)}</p>
        </div>
      </div>
      <div className="stack">
        <section className="panel small" aria-label="Figures">
          <div className="row">
            <span>
              Status <StatusBadge status={f.status} />
              {f.active ? " (ongoing)" : ""}
            </span>
            <span>
              Subject <code>{visible(subjectText(f.subjectLabel || f.subjectKey))}</code> (
              {f.subjectKind})
            </span>
            <span>
              Episode <Time iso={f.start.toISOString()} tz="utc" /> –{" "}
              <Time iso={f.end.toISOString()} tz="utc" />
            </span>
            <span>Assignee {f.assignee ? visible(who(f.assignee)) : "nobody"}</span>
          </div>
          <p>
            Observed: {figures(f.observed)} · baseline: {figures(f.baseline)} · rule version{" "}
            {f.ruleVersion}
            {f.resolution
              ? ` · resolved as ${RESOLUTION_LABELS[f.resolution as keyof typeof RESOLUTION_LABELS] ?? f.resolution}`
              : ""}
            {f.incidentId ? (
              <>
                {" · "}
                <Link href={`${base}/incidents/${encodeURIComponent(f.incidentId)}`}>incident</Link>
              </>
            ) : null}
          </p>
          {f.resolutionNote ? (
            <p data-testid="resolution-note">Note: {visible(f.resolutionNote)}</p>
          ) : null}
        </section>
        {d.series.length > 0 ? (
          <section className="panel" aria-label="Series">
            <h2>Hour by hour against the baseline</h2>
            <FlagChart
              points={d.series.map((p) => ({
                t: Date.parse(p.hour),
                observed: p.observed,
                baseline: p.baseline,
              }))}
              episode={{ from: f.start.getTime(), to: f.end.getTime() }}
              unit={UNITS[d.seriesKind ?? ""] ?? "count"}
            />
          </section>
        ) : null}
        {triage ? (
          <FlagTriage
            actions={{
              acknowledge: f.status === "open" ? acknowledgeFlagAction.bind(null, t, f.id) : null,
              resolve: f.status !== "resolved" ? resolveFlagAction.bind(null, t, f.id) : null,
              reopen: f.status === "resolved" ? reopenFlagAction.bind(null, t, f.id) : null,
              assign: assignFlagAction.bind(null, t, f.id),
              suppress: suppressFlagAction.bind(null, t, f.id),
              escalate: escalateFlagAction.bind(null, t, f.id),
            }}
            reasons={RESOLUTION_REASONS.map((r) => ({ id: r, label: RESOLUTION_LABELS[r] }))}
            members={members}
            assignee={f.assignee}
            incidents={incidents
              .filter((i) => i.status !== "closed")
              .map((i) => ({ id: i.id, title: i.title }))}
            suppressDefault={suppressDefault}
          />
        ) : null}
        <FlagEvidence
          rows={d.evidence.map((e) => ({
            id: e.id,
            href: `${base}/events/${encodeURIComponent(e.id)}`,
            time: e.time,
            actor: e.actor.id,
            server: e.server.name,
            tool: e.tool ?? null,
            outcome: e.outcome,
          }))}
          missing={d.missing.length}
          explorerHref={explorer}
        />
        <FlagHistory
          rows={d.history.map((h, i) => ({
            key: `${h.at.toISOString()}:${i}`,
            at: h.at.toISOString(),
            by: who(h.by),
            action: h.action,
            details: Object.entries(h.details)
              .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
              .join(", "),
          }))}
        />
      </div>
    </>
  );
}
