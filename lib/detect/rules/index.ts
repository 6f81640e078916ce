import type { Rule, RuleId } from "../types";
import { bulkEgress } from "./bulk-egress";
import { denialBurst } from "./denial-burst";
import { enumeration } from "./enumeration";
import { exfilSequence } from "./exfil-sequence";
import { firstUse } from "./first-use";
import { guardSignal } from "./guard-signal";
import { highRiskArgs } from "./high-risk-args";
import { integrityFailure } from "./integrity-failure";
import { offHours } from "./off-hours";
import { rateLimitStorm } from "./rate-limit-storm";
import { sensitiveData } from "./sensitive-data";
import { telemetryGap } from "./telemetry-gap";
import { validationErrorBurst } from "./validation-error-burst";
import { volumeSpike } from "./volume-spike";

/**
 * Every detection rule by id: what the engine evaluates, the settings page lists and the docs
 * describe. Total: a rule id in RULE_IDS without its rule fails the type check.
 */
export const RULES: { readonly [K in RuleId]: Rule } = {
  volume_spike: volumeSpike,
  first_use: firstUse,
  denial_burst: denialBurst,
  validation_error_burst: validationErrorBurst,
  rate_limit_storm: rateLimitStorm,
  off_hours: offHours,
  exfil_sequence: exfilSequence,
  bulk_egress: bulkEgress,
  enumeration,
  sensitive_data: sensitiveData,
  high_risk_args: highRiskArgs,
  guard_signal: guardSignal,
  telemetry_gap: telemetryGap,
  integrity_failure: integrityFailure,
};
