import { z } from "zod";
import type { DetectEvent, Finding, Rule, Subject } from "../types";
import { actorSubject, allowed, finding } from "./pattern-kit";

/**
 * Labels Tooltrail Guard writes on its events (guard/src/results.ts, call-checks.ts, session.ts):
 * - `guard.injection` = "instructions:2,hidden_unicode:1": prompt-injection indicators in a result;
 * - `guard.tool_pin` = "changed": the called tool's definition changed since it was pinned;
 * - `guard.rug_pull` / `guard.tool_injection`: Guard's own report on a server's tool list.
 */
export const SIGNALS = ["injection", "tool_pin", "rug_pull", "tool_injection"] as const;
type Signal = (typeof SIGNALS)[number];

const params = z.object({
  signals: z
    .array(z.enum(SIGNALS))
    .min(1)
    .default([...SIGNALS])
    .describe(
      "Guard signals that raise flags: injection (in results, per actor), tool_pin (a changed tool called, per server and tool), rug_pull and tool_injection (Guard's tool-list reports, per server)",
    ),
});
export type GuardSignalParams = z.infer<typeof params>;
export type GuardSignalState = Record<string, never>;

/** "instructions:2,hidden_unicode:1" → [["instructions", 2], …]; anything else is skipped. */
export function parseIndicators(label: string): [string, number][] {
  const out: [string, number][] = [];
  for (const part of label.slice(0, 512).split(",").slice(0, 16)) {
    const [name = "", count = ""] = part.split(":");
    const n = Number(count);
    if (/^[a-z][a-z_]{0,39}$/.test(name) && Number.isInteger(n) && n > 0) out.push([name, n]);
  }
  return out;
}

function signalsOf(e: DetectEvent): Signal[] {
  const l = e.labels;
  const out: Signal[] = [];
  if (l["guard.injection"]) out.push("injection");
  if (l["guard.tool_pin"] === "changed" && e.tool) out.push("tool_pin");
  if (l["guard.rug_pull"]) out.push("rug_pull");
  if (l["guard.tool_injection"]) out.push("tool_injection");
  return out;
}

function evaluate({ events, params: p, allow }: Parameters<GuardSignalRule["evaluate"]>[0]) {
  const findings: Finding[] = [];
  const enabled = new Set<Signal>(p.signals);
  for (const e of events) {
    if (e.internal) continue;
    for (const s of signalsOf(e)) {
      if (!enabled.has(s)) continue;
      const f = found(e, s);
      if (!allowed(allow, f.subject.kind, f.subject.key)) findings.push(f);
    }
  }
  return { findings, state: {} };
}

function found(e: DetectEvent, s: Signal): Finding {
  const call = e.tool ? `${e.server}/${e.tool}` : `${e.server} (${e.outcome})`;
  const blocked = e.verdict === "deny" || e.outcome === "denied" ? " Guard blocked the call." : "";
  const base = { start: e.time, end: e.time, baseline: null, evidence: [e.id], detail: [s] };
  if (s === "injection") {
    const subject = actorSubject(e);
    const found = parseIndicators(e.labels["guard.injection"] ?? "");
    const total = found.reduce((n, [, c]) => n + c, 0);
    const list = found.map(([t, c]) => `${t} ×${c}`).join(", ") || "unparsed";
    return finding("guard_signal", subject, {
      ...base,
      severity: "high",
      observed: { indicators: total, ...Object.fromEntries(found) },
      sentence: `Guard found prompt-injection indicators (${list}) in the result of ${call} called by ${subject.label}.${blocked}`,
    });
  }
  if (s === "tool_pin") {
    const subject: Subject = { kind: "tool", key: e.tool ?? "", label: `${e.server}/${e.tool}` };
    return finding("guard_signal", subject, {
      ...base,
      detail: [e.server, s],
      severity: "high",
      observed: { calls_to_changed_tool: 1 },
      sentence: `${e.actorName ?? e.actorId} called ${e.server}/${e.tool}, whose definition changed since Guard pinned it (a possible rug pull).${blocked}`,
    });
  }
  const subject: Subject = { kind: "server", key: e.server, label: e.server };
  const summary = (e.labels[`guard.${s}`] ?? "").slice(0, 200);
  const what =
    s === "rug_pull"
      ? "tool definitions changed since they were pinned"
      : "prompt-injection indicators in tool definitions";
  return finding("guard_signal", subject, {
    ...base,
    severity: "high",
    observed: { reports: 1 },
    sentence: `Guard reported ${what} on server ${e.server}: ${summary}.${blocked}`,
  });
}

type GuardSignalRule = Rule<GuardSignalParams, GuardSignalState>;

export const guardSignal: GuardSignalRule = {
  id: "guard_signal",
  version: 1,
  title: "Guard signals",
  description:
    "What Tooltrail Guard recorded on its events becomes a flag: prompt-injection indicators in tool results (per actor), calls to a tool whose definition changed since it was pinned (per server and tool, a possible rug pull), and Guard's reports on a server's tool list.",
  params,
  enabledByDefault: true,
  initialState: () => ({}),
  evaluate,
};
