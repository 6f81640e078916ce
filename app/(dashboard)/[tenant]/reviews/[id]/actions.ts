"use server";

import { revalidatePath } from "next/cache";
import { actionFailure } from "@/app/_lib/errors";
import { guardAction } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import type { FormState } from "@/components/settings/action-form";
import { decideEntries } from "@/lib/services/reviews/decide-entries";
import { parseEntriesView } from "@/lib/services/reviews/entries-view";
import { listEntries } from "@/lib/services/reviews/list-entries";

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

const list = (v: string | undefined) =>
  v
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** One entry's decision: the service checks the reviewer, the note and the campaign's state. */
export async function decideEntryAction(
  tenant: string,
  campaign: string,
  _p: FormState,
  form: FormData,
): Promise<FormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "reviews:decide"));
    const tools = list(field(form, "reduceTools"));
    const role = field(form, "reduceRole");
    const out = await decideEntries({
      ctx,
      input: {
        campaign,
        entries: [field(form, "entry") ?? ""],
        decision: (field(form, "decision") ?? "") as "keep",
        ...(field(form, "note") ? { note: field(form, "note") } : {}),
        ...(tools || role
          ? { reduce: { ...(tools ? { tools } : {}), ...(role ? { role: role as "viewer" } : {}) } }
          : {}),
      },
    });
    revalidatePath(`/${ctx.tenant.id}/reviews/${encodeURIComponent(campaign)}`);
    const d = out.decided[0];
    return { ok: true, message: d ? `${d.entry}: ${d.decision}` : "Decided." };
  } catch (err) {
    return actionFailure(err);
  }
}

/** Keep, with one note, every undecided entry routed to the member that the page's filter shows. */
export async function bulkKeepAction(
  tenant: string,
  campaign: string,
  _p: FormState,
  form: FormData,
): Promise<FormState> {
  try {
    const ctx = tenantCtx(await guardAction(tenant, "reviews:decide"));
    const filter = parseEntriesView(
      Object.fromEntries(
        ["flag", "kind", "server", "change"].map((k) => [k, field(form, k)] as const),
      ),
    );
    const { entries } = await listEntries({
      ctx,
      input: { campaign, ...filter, mine: true, state: "undecided" },
    });
    if (entries.length === 0) return { ok: false, message: "No undecided entry of yours matches." };
    const note = field(form, "note");
    await decideEntries({
      ctx,
      input: {
        campaign,
        entries: entries.map((e) => e.id),
        decision: "keep",
        ...(note ? { note } : {}),
      },
    });
    revalidatePath(`/${ctx.tenant.id}/reviews/${encodeURIComponent(campaign)}`);
    return { ok: true, message: `Kept ${entries.length} entries.` };
  } catch (err) {
    return actionFailure(err);
  }
}
