import { z } from "zod";
import { ARG_VALUE_CHARS, ARG_VALUES_MAX } from "../to-detect-event";
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
import { RISKY_PATTERNS, type RiskyPattern, riskyMatches } from "./risky-patterns";

const params = z.object({
  suppressMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60)
    .describe(
      "After a flag, further matches by the same actor raise nothing for this many minutes",
    ),
  patterns: z
    .array(z.enum(RISKY_PATTERNS.map((p) => p.id) as [string, ...string[]]))
    .min(1)
    .default(RISKY_PATTERNS.map((p) => p.id))
    .describe(`Patterns looked for: ${RISKY_PATTERNS.map((p) => p.id).join(", ")}`),
});
export type HighRiskArgsParams = z.infer<typeof params>;
/** Per actor: when it was last flagged. */
export type HighRiskArgsState = { flagged: Record<string, number> };

export const MAX_SUPPRESSED_ACTORS = 10_000;

/**
 * One text per event: the values joined by spaces, so a command split over arguments
 * (`{ cmd: "nc", args: ["-e", "/bin/sh", …] }`) reads as it would run. The values are bounded
 * here again (64 of 1 KiB), whatever built the event.
 */
export function argumentText(e: Pick<DetectEvent, "argValues">): string {
  return e.argValues
    .slice(0, ARG_VALUES_MAX)
    .map((v) => v.slice(0, ARG_VALUE_CHARS))
    .join(" ");
}

function evaluate({
  events,
  state,
  params: p,
  allow,
}: Parameters<HighRiskArgsRule["evaluate"]>[0]) {
  const flagged = mapOf(state.flagged);
  const suppressMs = p.suppressMinutes * MINUTE;
  const enabled = new Set(p.patterns);
  const findings: Finding[] = [];
  for (const e of mcpEventsOf(events, allow)) {
    const last = flagged.get(e.actorId);
    if (last !== undefined && e.time >= last && e.time - last < suppressMs) continue;
    if (e.argValues.length === 0) continue;
    const matches = riskyMatches(argumentText(e), enabled);
    if (matches.length === 0) continue;
    flagged.set(e.actorId, e.time);
    bound(
      flagged,
      MAX_SUPPRESSED_ACTORS,
      (t) => t,
      (t) => e.time - t >= suppressMs,
    );
    findings.push(found(e, matches, p));
  }
  const end = events.at(-1)?.time;
  if (end !== undefined) for (const [k, t] of flagged) if (end - t >= suppressMs) flagged.delete(k);
  return { findings, state: { flagged: recordFrom(flagged) } };
}

function found(e: DetectEvent, matches: RiskyPattern[], p: HighRiskArgsParams): Finding {
  const subject = actorSubject(e);
  const critical = matches.some((m) => m.severity === "critical");
  const call = e.tool ? `${e.server}/${e.tool}` : e.server;
  const outcome = e.outcome === "ok" ? "" : ` (outcome ${e.outcome})`;
  return finding("high_risk_args", subject, {
    severity: critical ? "critical" : "high",
    start: e.time,
    end: e.time,
    observed: {
      patterns: matches.length,
      critical: matches.filter((m) => m.severity === "critical").length,
    },
    baseline: null,
    sentence: `${subject.label} called ${call}${outcome} with arguments containing ${matches.map((m) => m.label).join("; ")}. Further matches by ${subject.label} raise nothing for ${p.suppressMinutes} minutes.`,
    evidence: [e.id],
  });
}

type HighRiskArgsRule = Rule<HighRiskArgsParams, HighRiskArgsState>;

export const highRiskArgs: HighRiskArgsRule = {
  id: "high_risk_args",
  version: 1,
  title: "High-risk arguments",
  description:
    "Shell, network and exfiltration patterns in argument values: reverse shells (bash -i, /dev/tcp/, nc -e, mkfifo), downloads piped to a shell (curl … | sh), encoded payloads (base64 -d, powershell -enc), local files uploaded with curl, credential file paths. Matched in linear time; one flag per actor, then quiet for an hour.",
  params,
  enabledByDefault: true,
  initialState: () => ({ flagged: {} }),
  evaluate,
};
