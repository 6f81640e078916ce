import type { RuleKind } from "@/lib/services/redaction/redaction-draft";

/** What each kind of redaction rule is called in the form and the read-only table. */
export const KIND_LABELS: Record<RuleKind, string> = {
  pattern: "Pattern",
  key: "Sensitive key",
  allow: "Allowed value",
};

/** Where a rule of each kind applies, as lib/core/redact applies it. */
export const APPLIES_TO: Record<RuleKind, string> = {
  pattern: "matches in argument values, error message, labels",
  key: "the whole value under this key in arguments and labels",
  allow: "this exact value is never redacted",
};
