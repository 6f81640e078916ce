import { z } from "zod";
import type { DetectEvent, Finding, Rule, Subject } from "../types";
import { allowed, finding } from "./pattern-kit";

/** The self-audit action `tooltrail verify` records (lib/services/integrity/verify-tenant.ts). */
export const INTEGRITY_VERIFIED = "integrity.verified";

const SUBJECT: Subject = { kind: "tenant", key: "integrity", label: "the tenant's audit trail" };

/** Nothing to tune: a failed verification is always worth a look. */
const params = z.object({});
export type IntegrityFailureParams = z.infer<typeof params>;
export type IntegrityFailureState = Record<string, never>;

/**
 * Reads Tooltrail's own activity only: the `integrity.verified` events that verification writes,
 * through the internal entrance, with outcome error when a stored event, batch or chain link did
 * not match. A client's event with the same name is not internal and is not read.
 */
function evaluate({ events, allow }: Parameters<IntegrityFailureRule["evaluate"]>[0]) {
  const findings: Finding[] = [];
  if (allowed(allow, SUBJECT.kind, SUBJECT.key)) return { findings, state: {} };
  for (const e of events) {
    if (!e.internal || e.tool !== INTEGRITY_VERIFIED) continue;
    if (e.outcome === "error") findings.push(found(e));
  }
  return { findings, state: {} };
}

function found(e: DetectEvent): Finding {
  // The event's first argument is verification's own summary ("3 findings: 1 altered, …").
  const summary = (e.argValues[0] ?? "").slice(0, 300);
  const count = /^(\d{1,9}) finding/.exec(summary)?.[1];
  const who = e.actorName ?? e.actorId;
  return finding("integrity_failure", SUBJECT, {
    severity: "critical",
    start: e.time,
    end: e.time,
    observed: { failed_verifications: 1, ...(count ? { findings: Number(count) } : {}) },
    baseline: null,
    sentence: `Integrity verification run by ${who} failed: ${summary || "no details recorded"}. Stored evidence no longer matches its sealed batches; run \`tooltrail verify\` for the list and treat it as an incident.`,
    evidence: [e.id],
  });
}

type IntegrityFailureRule = Rule<IntegrityFailureParams, IntegrityFailureState>;

export const integrityFailure: IntegrityFailureRule = {
  id: "integrity_failure",
  version: 1,
  title: "Integrity verification failed",
  description:
    "Tooltrail's verification of the tamper-evident chain found stored events altered, deleted or inserted, or batches removed or re-signed. The record auditors rely on is in doubt: the highest severity.",
  params,
  enabledByDefault: true,
  initialState: () => ({}),
  evaluate,
};
