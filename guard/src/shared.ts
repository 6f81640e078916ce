/**
 * The one place Guard reaches into Tooltrail's own modules. Redaction must be the same code as
 * ingestion (one set of detectors, one set of fixes), and events must match the very contract
 * the server validates, so both are imported from lib/ rather than copied. In this repository
 * the import is direct; the published package is built with esbuild (scripts/build.mjs), which
 * inlines these modules, so `@tooltrail/guard` has no dependency on the dashboard.
 */

export { revocationReason, revocationRuleId } from "../../lib/access/revocation-match";
export {
  type EventV1Input,
  eventV1Schema,
  type Outcome,
  type Redaction,
} from "../../lib/core/contract/event-v1";
export { LIMITS } from "../../lib/core/contract/limits";
export { canonicalJson } from "../../lib/core/integrity/canonical";
export {
  type CompiledRedactionPolicy,
  compileRedactionPolicy,
  type RedactionConfig,
  redactionConfigSchema,
} from "../../lib/core/redact/policy";
export { redactJson } from "../../lib/core/redact/redact-json";
export { redactText } from "../../lib/core/redact/redact-text";
