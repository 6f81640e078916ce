import type { Identity } from "./policy/schema";
import { type CompiledRedactionPolicy, LIMITS, type Redaction, redactJson } from "./shared";

export const GUARD_BY = "tooltrail-guard";

/** Where a call came from, beyond the identity: HTTP adds the address and user agent. */
export type CallerInfo = { ip?: string; userAgent?: string };

export function actorOf(identity: Identity, caller: CallerInfo = {}): Record<string, unknown> {
  return {
    id: identity.id,
    type: identity.type,
    name: identity.name,
    email: identity.email,
    roles: identity.roles.length > 0 ? identity.roles.slice(0, LIMITS.roles) : undefined,
    auth: identity.auth ?? "none",
    ip: caller.ip,
    user_agent: caller.userAgent,
  };
}

/**
 * The arguments as they go into the event: redacted at the source with ingestion's detectors (a
 * secret in an argument never leaves this host) and replaced by a marker when larger or deeper
 * than the contract allows, so an oversized call is still recorded rather than rejected.
 */
export function eventArguments(
  args: unknown,
  redaction: CompiledRedactionPolicy | null,
): { value: unknown; redactions: Redaction[]; labels: Record<string, string> } {
  if (args === undefined) return { value: undefined, redactions: [], labels: {} };
  const r = redaction ? redactJson(args, redaction) : { value: args, redactions: [] };
  const bytes = Buffer.byteLength(JSON.stringify(r.value) ?? "");
  if (bytes > LIMITS.argumentsBytes || depth(r.value) > LIMITS.argumentsDepth)
    return {
      value: { _omitted_by_guard: `arguments of ${bytes} bytes exceed the event limit` },
      redactions: r.redactions.map((x) => ({ ...x, by: GUARD_BY })),
      labels: { "guard.arguments": "omitted" },
    };
  return {
    value: r.value,
    redactions: r.redactions.map((x) => ({ ...x, by: GUARD_BY })),
    labels: {},
  };
}

function depth(v: unknown, d = 0): number {
  if (d > LIMITS.argumentsDepth) return d;
  if (Array.isArray(v)) return v.reduce<number>((m, x) => Math.max(m, depth(x, d + 1)), d);
  if (v !== null && typeof v === "object")
    return Object.values(v).reduce<number>((m, x) => Math.max(m, depth(x, d + 1)), d);
  return d;
}

/** Trims lists to the contract's maxima, so Guard never emits an event the server rejects. */
export function capEvent(ev: Record<string, unknown>): void {
  if (Array.isArray(ev.redactions)) {
    if (ev.redactions.length === 0) delete ev.redactions;
    else ev.redactions = ev.redactions.slice(0, LIMITS.redactions);
  }
  const labels = ev.labels as Record<string, string> | undefined;
  if (labels) {
    const entries = Object.entries(labels).slice(0, LIMITS.labels);
    if (entries.length === 0) delete ev.labels;
    else
      ev.labels = Object.fromEntries(
        entries.map(([k, v]) => [k, v.slice(0, LIMITS.labelValueChars)]),
      );
  }
}
