import { z } from "zod";
import type { DetectionStore, FlagRecord, IncidentRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { RULES } from "../../detect/rules/index";
import { RULE_IDS, type Rule, type RuleId, SEVERITIES, type Severity } from "../../detect/types";
import type { TenantCtx } from "../context";

/** Why a flag was resolved: a fixed list, so resolutions per rule can be counted for tuning. */
export const RESOLUTION_REASONS = [
  "true_positive_malicious",
  "true_positive_benign",
  "false_positive",
  "testing_or_maintenance",
  "remediated",
] as const;
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number];

export const RESOLUTION_LABELS: Record<ResolutionReason, string> = {
  true_positive_malicious: "True positive, malicious",
  true_positive_benign: "True positive, benign",
  false_positive: "False positive",
  testing_or_maintenance: "Testing or maintenance",
  remediated: "Remediated",
};

export const flagId = z.string().trim().min(1).max(200);
/** Plain strings on the way in (the CLI passes what it was given), checked against the lists. */
export const ruleId = z
  .string()
  .refine((r): r is RuleId => (RULE_IDS as readonly string[]).includes(r), {
    message: `is not a rule; the rules are ${RULE_IDS.join(", ")}`,
  });
export const severity = z
  .string()
  .refine((s): s is Severity => (SEVERITIES as readonly string[]).includes(s), {
    message: `is not a severity; use ${SEVERITIES.join(", ")}`,
  });

/** A person's free text (notes, reasons): trimmed, never empty, bounded. */
export function note(what: string, max = 2000) {
  return z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is longer than ${max} characters`);
}

/** The tenant's detection rows: the only way services reach them. */
export function detection(ctx: TenantCtx): DetectionStore {
  return ctx.data.detection;
}

/** Who is recorded in a flag's history: the user's id, or the operator's name. */
export function actorRef(ctx: TenantCtx): string {
  return ctx.actor.kind === "user" ? ctx.actor.userId : `operator:${ctx.actor.name}`;
}

/** The flag, or not-found with its id (another tenant's flag is not found either). */
export async function requireFlag(ctx: TenantCtx, id: string): Promise<FlagRecord> {
  const flag = await detection(ctx).getFlag(id);
  if (!flag) throw new TooltrailError("not-found", `no flag ${id} in tenant ${ctx.tenant.id}`);
  return flag;
}

/** Severity order, lowest first (incidents take the highest of their flags). */
export function severityRank(s: string): number {
  return (SEVERITIES as readonly string[]).indexOf(s);
}

/** The incident, or not-found with its id. */
export async function requireIncident(ctx: TenantCtx, id: string): Promise<IncidentRecord> {
  const i = await detection(ctx).getIncident(id);
  if (!i) throw new TooltrailError("not-found", `no incident ${id} in tenant ${ctx.tenant.id}`);
  return i;
}

/** The available rules' ids and titles (filters, labels). */
export function ruleTitles(): { id: string; title: string }[] {
  return Object.values(RULES as Record<string, Rule | undefined>)
    .filter((r): r is Rule => r !== undefined)
    .map((r) => ({ id: r.id, title: r.title }));
}
