import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { CampaignEvidence } from "@/components/reviews/campaign-evidence";
import type { PopulationEntry } from "@/lib/access/population-types";
import { hasCode } from "@/lib/core/errors";
import { campaignEvidence } from "@/lib/services/reviews/campaign-evidence";
import { reviewMembers } from "@/lib/services/reviews/review-members";

export const metadata = { title: "Access review evidence" };

type Props = { params: Promise<{ tenant: string; id: string }> };

/** A campaign's evidence laid out for paper (the browser's Print); no script. */
export default async function ReviewPrintPage({ params }: Props) {
  const { tenant, id: rawId } = await params;
  const access = await guardPage(tenant, "reviews:read", `/${tenant}/reviews`);
  const ctx = tenantCtx(access);
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    notFound();
  }
  let ev: Awaited<ReturnType<typeof campaignEvidence>>;
  try {
    ev = await campaignEvidence({ ctx, input: { campaign: id } });
  } catch (err) {
    if (hasCode(err, "not-found") || hasCode(err, "invalid-input")) notFound();
    throw err;
  }
  const email = await reviewMembers({ ctx });
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const who = (u: string) => email.get(u) ?? u;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return (
    <CampaignEvidence
      campaign={ev.campaign}
      entries={ev.entries.map((e) => {
        const entry = e.entry as PopulationEntry;
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
          reviewer: who(e.reviewerUserId),
          decisions: (ev.decisions.get(e.id) ?? []).map((d) => ({
            decision: d.decision,
            by: who(d.decidedBy),
            at: d.decidedAt.toISOString(),
            note: d.note,
            automatic: d.automatic,
          })),
        };
      })}
      revocations={ev.revocations.map((r) => ({
        id: r.id,
        principal: r.principal,
        server: r.server,
        tools: r.tools,
        reason: r.reason,
        reviewer: who(r.reviewerUserId),
        createdAt: r.createdAt.toISOString(),
        status: r.status,
        confirmedAt: iso(r.confirmedAt),
        confirmedBy: r.confirmedBy,
        proofEventId: r.proofEventId,
        proofHref: r.proofEventId ? `${base}/events/${encodeURIComponent(r.proofEventId)}` : null,
        exceptionNote: r.exceptionNote,
      }))}
      back={<Link href={`${base}/reviews/${encodeURIComponent(id)}`}>← back to the campaign</Link>}
    />
  );
}
