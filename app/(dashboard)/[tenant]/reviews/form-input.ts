import { TooltrailError } from "@/lib/core/errors";

/** The new-campaign form's fields, turned into the create service's input (it validates). */

function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

const list = (v: string) =>
  v
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** `name=email` per line (or comma): a per-server or per-principal reviewer. */
function pairs(v: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of list(v)) {
    const at = line.lastIndexOf("=");
    if (at <= 0 || at === line.length - 1)
      throw new TooltrailError("invalid-input", `${what}: "${line}" is not name=email`);
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

const optionalList = (v: string) => (list(v).length > 0 ? list(v) : undefined);

export function campaignInputFromForm(form: FormData) {
  const period = Number(field(form, "periodDays") || "90");
  return {
    name: field(form, "name"),
    dueAt: field(form, "dueAt"),
    definition: {
      scope: {
        everything: form.get("everything") === "on",
        servers: optionalList(field(form, "servers")),
        tools: optionalList(field(form, "tools")),
        roles: optionalList(field(form, "roles")),
        principals: optionalList(field(form, "principals")),
      },
      periodDays: period,
      reviewers: {
        fallback: field(form, "fallback"),
        servers: pairs(field(form, "serverReviewers"), "per-server reviewers"),
        principals: pairs(field(form, "principalReviewers"), "per-principal reviewers"),
        useManager: form.get("useManager") === "on",
      },
      controls: list(field(form, "controls")),
      cadence: (field(form, "cadence") || "none") as "none",
      dueOutcome: (field(form, "dueOutcome") || "escalate") as "escalate",
      newEntries: (field(form, "newEntries") || "review") as "review",
    },
  };
}
