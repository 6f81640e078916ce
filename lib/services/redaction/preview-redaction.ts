import { z } from "zod";
import {
  compileRedactionPolicy,
  newRedactionBudget,
  redactJson,
  redactText,
} from "../../core/redact";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { redactionDraftSchema } from "./redaction-draft";
import { requireValidDraft } from "./save-redaction";

export const MAX_SAMPLE = 20_000;

export const previewRedactionInput = redactionDraftSchema.extend({
  sample: z.string().max(MAX_SAMPLE, `the sample is longer than ${MAX_SAMPLE} characters`),
});
export type PreviewRedactionInput = z.input<typeof previewRedactionInput>;

export type RedactionPreview = {
  /** What would be stored: JSON pretty-printed, or the text. */
  output: string;
  /** The sample was a JSON object or array, redacted as an event's `arguments`. */
  json: boolean;
  redactions: { field: string; type: string; count: number }[];
};

/**
 * What a sample would become under rules not yet saved, computed by the redaction code that
 * ingestion runs (lib/core/redact), with one event's work budget for the custom patterns. A
 * JSON object or array is redacted as `arguments` (sensitive keys apply), anything else as text.
 * Nothing is stored; the audit event records the sizes, never the sample (it may hold secrets).
 */
export async function previewRedaction({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: PreviewRedactionInput;
}): Promise<RedactionPreview> {
  requirePermission(ctx, "settings:manage");
  const q = parseInput(previewRedactionInput, input);
  const { config, rules } = requireValidDraft(q);
  const policy = compileRedactionPolicy(config);
  const budget = newRedactionBudget();
  const value = jsonContainer(q.sample);
  let out: RedactionPreview;
  if (value !== undefined) {
    const r = redactJson(value, policy, "arguments", budget);
    out = {
      output: JSON.stringify(r.value, null, 2),
      json: true,
      redactions: r.redactions.map(({ field, type, count }) => ({ field, type, count })),
    };
  } else {
    const r = redactText(q.sample, policy, budget);
    out = {
      output: r.text,
      json: false,
      redactions: Object.entries(r.counts).map(([type, count]) => ({ field: "text", type, count })),
    };
  }
  await audit(ctx, {
    action: "redaction.previewed",
    details: {
      rules,
      sample_chars: q.sample.length,
      redactions: out.redactions.reduce((n, r) => n + r.count, 0),
    },
  });
  return out;
}

function jsonContainer(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}
