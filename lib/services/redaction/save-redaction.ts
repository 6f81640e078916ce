import { TooltrailError } from "../../core/errors";
import { DETECTOR_IDS, invalidCustomRules } from "../../core/redact";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import {
  checkDraft,
  draftOfConfig,
  type RedactionDraft,
  type RedactionDraftInput,
  type RuleProblem,
  redactionDraftSchema,
} from "./redaction-draft";

/**
 * The draft as a configuration, or an `invalid-input` error listing every rule at fault, one a
 * line ("rule 3: pattern is not a valid regular expression: …").
 */
export function requireValidDraft(draft: RedactionDraft) {
  const checked = checkDraft(draft);
  if (!checked.ok) throw new TooltrailError("invalid-input", problemText(checked.problems));
  return checked;
}

export function problemText(problems: RuleProblem[]): string {
  return problems.map((p) => p.message).join("\n");
}

/** Replaces the tenant's redaction rules; ingestion applies them within 10 seconds. */
export async function saveRedaction({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: RedactionDraftInput;
}) {
  requirePermission(ctx, "settings:manage");
  const { config, rules } = requireValidDraft(parseInput(redactionDraftSchema, input));
  const before = ctx.tenant.redaction;
  await ctx.store.admin.setTenantRedaction(ctx.tenant.id, config);
  await audit(ctx, { action: "redaction.changed", details: { before, after: config } });
  return { config, rules };
}

/** The saved rules (as the form's rows too), and those ingestion skips until they are fixed. */
export function readRedaction({ ctx }: { ctx: TenantCtx; input?: unknown }) {
  requirePermission(ctx, "settings:read");
  return {
    config: ctx.tenant.redaction ?? {},
    draft: draftOfConfig(ctx.tenant.redaction),
    /** The built-in detectors, in the order they run (the form's switches). */
    detectors: [...DETECTOR_IDS],
    invalid: invalidCustomRules(ctx.tenant.redaction),
  };
}
