import { z } from "zod";
import type { Revocation } from "../../../db/store/types";
import { populationHash } from "../../access/population";
import { TooltrailError } from "../../core/errors";
import { csvCell } from "../../queries/export";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { seesAll } from "./list-entries";
import { campaignId, campaignView, frozen, requireCampaign } from "./review-common";

export const exportCampaignInput = z.object({
  campaign: campaignId,
  format: z.enum(["json", "csv"]).default("json"),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

function revocationView(r: Revocation) {
  return {
    id: r.id,
    principal: r.principal,
    server: r.server,
    tools: r.tools,
    entryId: r.entryId,
    reviewerUserId: r.reviewerUserId,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    listVersion: r.listVersion,
    status: r.status,
    confirmedAt: iso(r.confirmedAt),
    confirmedBy: r.confirmedBy,
    proofEventId: r.proofEventId,
    exceptionNote: r.exceptionNote,
  };
}

const CSV_HEADER = [
  "entry",
  "change",
  "kind",
  "principal",
  "server",
  "tool",
  "flags",
  "calls",
  "last_used",
  "granted_by",
  "reviewer",
  "routed_by",
  "decision",
  "decided_by",
  "decided_at",
  "automatic",
  "note",
  "enforcement",
  "revocation_status",
  "confirmed_at",
  "proof_event",
  "exception_note",
];

/**
 * A campaign's evidence: its definition, the frozen population with its hash (recomputed here so
 * the export shows whether it still matches), every decision with reviewer, time and note, and
 * for each revocation its enforcement proof or exception. JSON whole; CSV one row per decision
 * (and per undecided entry), cells neutralised against formula injection like the event export.
 */
export async function exportCampaign({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof exportCampaignInput>;
}): Promise<{ format: "json" | "csv"; body: string; filename: string }> {
  requirePermission(ctx, "reviews:read");
  if (!seesAll(ctx))
    throw new TooltrailError(
      "forbidden",
      "a reviewer sees their own entries: the export is for those who run or audit reviews",
    );
  const i = parseInput(exportCampaignInput, input);
  const c = await requireCampaign(ctx, i.campaign);
  const [entries, decisions, revocations] = await Promise.all([
    ctx.data.reviews.listEntries(c.id),
    ctx.data.reviews.listDecisions(c.id),
    ctx.data.guardAccess.listRevocations({ campaignId: c.id }),
  ]);
  const current = entries.filter((e) => e.change !== "removed").map(frozen);
  await audit(ctx, { action: "review.exported", details: { campaign: c.id, format: i.format } });
  const filename = `review-${c.id}.${i.format}`;
  if (i.format === "json") {
    const body = {
      campaign: campaignView(c),
      snapshot: {
        hash: c.snapshotHash,
        recomputedHash: c.snapshotHash ? populationHash(current) : null,
        counts: c.counts,
        entries: entries.map((e) => ({
          id: e.id,
          change: e.change,
          reviewerUserId: e.reviewerUserId,
          routedBy: e.routedBy,
          entry: e.entry,
        })),
      },
      decisions: decisions.map((d) => ({ ...d, decidedAt: d.decidedAt.toISOString() })),
      revocations: revocations.map(revocationView),
      exceptions: revocations.filter((r) => r.status === "exception").map(revocationView),
    };
    return { format: "json", body: `${JSON.stringify(body, null, 2)}\n`, filename };
  }
  const byId = new Map(revocations.map((r) => [r.id, r]));
  const lines = [CSV_HEADER.join(",")];
  for (const e of entries) {
    const entry = frozen(e);
    const mine = decisions.filter((d) => d.entryId === e.id);
    for (const d of mine.length > 0 ? mine : [null]) {
      const r = d?.enforcement?.startsWith("revocation:")
        ? byId.get(d.enforcement.slice(11))
        : undefined;
      lines.push(
        [
          e.id,
          e.change,
          e.kind,
          e.principal,
          e.server,
          e.tool,
          entry.flags.join(" "),
          entry.usage.calls,
          entry.usage.lastUsed,
          entry.grantedBy.map((g) => `${g.policyHash.slice(0, 12)}#${g.ruleId}`).join(" "),
          e.reviewerUserId,
          e.routedBy,
          d?.decision,
          d?.decidedBy,
          d ? d.decidedAt.toISOString() : null,
          d ? String(d.automatic) : null,
          d?.note,
          d?.enforcement,
          r?.status,
          iso(r?.confirmedAt ?? null),
          r?.proofEventId,
          r?.exceptionNote,
        ]
          .map(csvCell)
          .join(","),
      );
    }
  }
  return { format: "csv", body: `${lines.join("\n")}\n`, filename };
}
