import { z } from "zod";
import type { DetectEvent, Finding, Rule } from "../types";
import {
  actorSubject,
  bound,
  finding,
  MINUTE,
  mapOf,
  mcpEventsOf,
  recordFrom,
} from "./pattern-kit";
import { toolMatches } from "./tool-names";

export const DEFAULT_EGRESS_TOOLS = [
  "http",
  "https",
  "fetch",
  "request",
  "curl",
  "wget",
  "post",
  "email",
  "mail",
  "smtp",
  "send",
  "upload",
  "webhook",
  "slack/*",
  "*s3*put*",
  "*put_object*",
];

const params = z.object({
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30)
    .describe("How long after a sensitive read a call that sends data out still counts, minutes"),
  egressTools: z
    .array(z.string().min(1).max(200))
    .max(200)
    .default(DEFAULT_EGRESS_TOOLS)
    .describe(
      "Tools that send data out: a word of the tool's name (post matches post_message), a glob over the name (*put_object*), or server/tool (slack/*)",
    ),
  sensitiveClassifications: z
    .array(z.enum(["public", "internal", "confidential", "restricted"]))
    .default(["confidential", "restricted"])
    .describe("Data classifications that make a successful call a read of sensitive data"),
  resultRedactions: z
    .boolean()
    .default(true)
    .describe(
      "A successful call whose result had redactions (secrets, personal data) is a sensitive read too",
    ),
  actorWithoutSession: z
    .boolean()
    .default(true)
    .describe(
      "Calls with neither a session nor a trace id are correlated by actor (the actor's own sensitive reads in the window)",
    ),
});
export type ExfilSequenceParams = z.infer<typeof params>;

/** The latest sensitive read under one correlation key (session, trace, or actor). */
type Read = { t: number; ids: string[]; what: string };
export type ExfilSequenceState = { reads: Record<string, Read> };

/** Correlation keys in state at most: beyond it the least recent go first. */
export const MAX_READ_KEYS = 10_000;
const IDS_PER_READ = 5;

function keysOf(e: DetectEvent, byActor: boolean): { own: string[]; actor: string | null } {
  const own: string[] = [];
  if (e.sessionId) own.push(`s:${e.sessionId}`);
  if (e.traceId) own.push(`t:${e.traceId}`);
  return { own, actor: byActor ? `a:${e.actorId}` : null };
}

function sensitiveWhat(e: DetectEvent, p: ExfilSequenceParams): string | null {
  if (e.outcome !== "ok") return null;
  const name = e.tool ? `${e.server}/${e.tool}` : e.server;
  if (e.classification && (p.sensitiveClassifications as string[]).includes(e.classification))
    return `${e.classification} data (${name})`;
  if (p.resultRedactions && e.redactions.some((r) => r.field.startsWith("result")))
    return `a result with redacted data (${name})`;
  return null;
}

/**
 * Reads register under their session and trace, and under their actor (when enabled), so that
 * a later egress call without either still meets its actor's reads. An egress call looks up its
 * session and trace, or only its actor when it has neither.
 */
function evaluate({ events, state, params: p, allow }: Parameters<ExfilRule["evaluate"]>[0]) {
  const reads = mapOf(state.reads);
  const windowMs = p.windowMinutes * MINUTE;
  const findings: Finding[] = [];
  for (const e of mcpEventsOf(events, allow)) {
    const keys = keysOf(e, p.actorWithoutSession);
    if (e.tool && toolMatches(p.egressTools, e.server, e.tool)) {
      const lookup = keys.own.length > 0 ? keys.own : keys.actor ? [keys.actor] : [];
      let best: Read | null = null;
      let via = "";
      for (const k of lookup) {
        const r = reads.get(k);
        if (r && r.t <= e.time && e.time - r.t <= windowMs && (!best || r.t > best.t)) {
          best = r;
          via = k;
        }
      }
      if (best) findings.push(found(e, best, via));
    }
    const what = sensitiveWhat(e, p);
    if (what) {
      for (const k of keys.actor ? [...keys.own, keys.actor] : keys.own) {
        const ids = reads.get(k)?.ids ?? [];
        reads.set(k, { t: e.time, ids: [...ids, e.id].slice(-IDS_PER_READ), what });
      }
      bound(
        reads,
        MAX_READ_KEYS,
        (r) => r.t,
        (r) => e.time - r.t > windowMs,
      );
    }
  }
  // Reads past the window can never match a later call: dropping them keeps stored state small.
  const last = events.at(-1)?.time;
  if (last !== undefined) for (const [k, r] of reads) if (last - r.t > windowMs) reads.delete(k);
  return { findings, state: { reads: recordFrom(reads) } };
}

function found(e: DetectEvent, read: Read, via: string): Finding {
  const minutes = Math.max(0, Math.round((e.time - read.t) / MINUTE));
  const where =
    via[0] === "s"
      ? `session ${via.slice(2)}`
      : via[0] === "t"
        ? `trace ${via.slice(2)}`
        : "the same actor's calls (no session or trace)";
  const outcome = e.outcome === "ok" ? "" : ` (outcome ${e.outcome})`;
  const subject = actorSubject(e);
  return finding("exfil_sequence", subject, {
    severity: "high",
    start: read.t,
    end: e.time,
    observed: { minutes_after_read: minutes, sensitive_reads: read.ids.length },
    baseline: null,
    sentence: `${subject.label} called ${e.server}/${e.tool}${outcome}, a tool that sends data out, ${minutes} minutes after reading ${read.what} in ${where}.`,
    evidence: [...read.ids, e.id],
  });
}

type ExfilRule = Rule<ExfilSequenceParams, ExfilSequenceState>;

export const exfilSequence: ExfilRule = {
  id: "exfil_sequence",
  version: 1,
  title: "Sensitive read, then data sent out",
  description:
    "A read of sensitive data (classified confidential or restricted, or with redactions in its result) followed within a window, in the same session or trace, by a tool that sends data out (HTTP, email, upload, webhook, chat): the shape of an exfiltration, e.g. an agent steered by injected instructions.",
  params,
  enabledByDefault: true,
  initialState: () => ({ reads: {} }),
  evaluate,
};
