import { z } from "zod";
import type { DetectEvent, Finding, Rule } from "../types";
import { actorSubject, finding, mcpEventsOf } from "./pattern-kit";

/** Redaction types (lib/core/redact detectors, and `secret_field` for sensitive keys) by class. */
export const SECRET_TYPES = [
  "private_key",
  "aws_access_key",
  "github_token",
  "gitlab_token",
  "slack_token",
  "stripe_key",
  "anthropic_key",
  "openai_key",
  "google_api_key",
  "jwt",
  "bearer_token",
  "url_password",
  "secret_field",
];
export const PERSONAL_TYPES = ["email", "card_number", "iban", "us_ssn", "uk_nino", "phone"];

const typeList = z.array(z.string().min(1).max(64)).max(200);
const params = z.object({
  secretTypes: typeList
    .default(SECRET_TYPES)
    .describe(
      "Redaction types that are secrets (credentials, keys, tokens): high severity. Add your own patterns' ids",
    ),
  personalTypes: typeList
    .default(PERSONAL_TYPES)
    .describe(
      "Redaction types that are personal data: medium severity. Add your own patterns' ids",
    ),
  where: z
    .array(z.enum(["arguments", "result", "other"]))
    .min(1)
    .default(["arguments", "result", "other"])
    .describe(
      "Where in the call redactions count: arguments, result, or other fields (error messages)",
    ),
});
export type SensitiveDataParams = z.infer<typeof params>;
export type SensitiveDataState = Record<string, never>;

type Place = "arguments" | "result" | "other";
const CLASSES = [
  {
    name: "secret",
    one: "secret",
    plural: "secrets",
    severity: "high",
    types: (p: SensitiveDataParams) => p.secretTypes,
  },
  {
    name: "personal",
    one: "personal data item",
    plural: "personal data items",
    severity: "medium",
    types: (p: SensitiveDataParams) => p.personalTypes,
  },
] as const;

function placeOf(field: string): Place {
  if (field === "arguments" || field.startsWith("arguments.") || field.startsWith("arguments["))
    return "arguments";
  if (field === "result" || field.startsWith("result.") || field.startsWith("result["))
    return "result";
  return "other";
}

function evaluate({ events, params: p, allow }: Parameters<SensitiveDataRule["evaluate"]>[0]) {
  const findings: Finding[] = [];
  for (const e of mcpEventsOf(events, allow)) {
    if (e.redactions.length === 0) continue;
    for (const c of CLASSES) {
      const types = new Set(c.types(p));
      const byType = new Map<string, number>();
      const byPlace: Record<Place, number> = { arguments: 0, result: 0, other: 0 };
      for (const r of e.redactions) {
        const place = placeOf(r.field);
        if (!types.has(r.type) || !(p.where as string[]).includes(place)) continue;
        byType.set(r.type, (byType.get(r.type) ?? 0) + r.count);
        byPlace[place] += r.count;
      }
      if (byType.size > 0) findings.push(found(e, c, byType, byPlace));
    }
  }
  return { findings, state: {} };
}

function found(
  e: DetectEvent,
  c: (typeof CLASSES)[number],
  byType: Map<string, number>,
  byPlace: Record<Place, number>,
): Finding {
  const subject = actorSubject(e);
  const total = byPlace.arguments + byPlace.result + byPlace.other;
  const types = [...byType].sort(([a], [b]) => (a < b ? -1 : 1));
  const places = (["arguments", "result", "other"] as const)
    .filter((k) => byPlace[k] > 0)
    .map((k) => (k === "other" ? "other fields" : `its ${k}`));
  const call = e.tool ? `${e.server}/${e.tool}` : e.server;
  return finding("sensitive_data", subject, {
    severity: c.severity,
    start: e.time,
    end: e.time,
    observed: {
      redactions: total,
      in_arguments: byPlace.arguments,
      in_result: byPlace.result,
      in_other_fields: byPlace.other,
      ...Object.fromEntries(types),
    },
    baseline: null,
    sentence: `${subject.label}'s call to ${call} carried ${total} ${total === 1 ? c.one : c.plural} (${types.map(([t, n]) => `${t} ×${n}`).join(", ")}) in ${places.join(" and ")}; they were redacted before storage.`,
    evidence: [e.id],
    detail: [c.name],
  });
}

type SensitiveDataRule = Rule<SensitiveDataParams, SensitiveDataState>;

export const sensitiveData: SensitiveDataRule = {
  id: "sensitive_data",
  version: 1,
  title: "Secrets or personal data in calls",
  description:
    "Calls whose redactions show secrets (API keys, tokens, private keys, passwords) or personal data (email, phone, card numbers, IBAN, national ids) in arguments or results: a credential pasted into a prompt, or an agent reading personal data it should not, flagged per actor and class.",
  params,
  enabledByDefault: true,
  initialState: () => ({}),
  evaluate,
};
