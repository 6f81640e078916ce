import { type EventV1Input, eventV1Schema } from "../core/contract";
import { TooltrailError } from "../core/errors";
import { DEFAULT_POLICY, redactEvent } from "../core/redact";
import { PERSONAL_TYPES, SECRET_TYPES } from "../detect/rules/sensitive-data";
import type { RuleId, SubjectKind } from "../detect/types";
import { DAY, eventMaker, HOUR, MINUTE, metricsStream, officeHours } from "./anomaly-events";
import { PATTERN_SCENARIOS } from "./anomaly-patterns";
import {
  BASELINE_SCENARIOS,
  gapPlan,
  type Planned,
  type PlannedSubject,
} from "./anomaly-scenarios";
import { type DemoOptions, generateEvents } from "./generate";
import { seededRandom } from "./random";

/**
 * `tooltrail demo --anomalies`: the demo's traffic with labelled anomalies of every rule, and the
 * ground truth a benchmark scores flags against (precision and recall per rule). A flag matches
 * an entry when its rule and group key are the entry's and its window overlaps the entry's.
 */

type TruthSubject = { kind: SubjectKind; key: string };
export type GroundTruth = {
  id: string;
  rule: RuleId;
  subject: TruthSubject;
  /** The group key of the flag expected (lib/detect: rule|kind|key plus the rule's detail). */
  groupKey: string;
  /** When the anomalous events happened (ISO 8601). */
  window: { from: string; to: string };
  /** Ids of the events that make it (at most 100). */
  events: string[];
  note: string;
  /**
   * injected: added by the demo; background: in the demo's ordinary traffic by design (the
   * occasional secret pasted into a call); recorded: written through the server at run time.
   */
  source: "injected" | "background" | "recorded";
  /** Other flags the same events legitimately raise: not needed for recall, not false positives. */
  also: { rule: RuleId; subject: TruthSubject; groupKey: string }[];
};

export type AnomalyDemo = { events: EventV1Input[]; truth: GroundTruth[] };

/**
 * The anomalies are in the last five whole days, and each needs a week of learning before it
 * (first_use's tenant learning, off_hours' history of a person): 5 + 7, plus a partial day and a
 * weekend's margin.
 */
export const MIN_ANOMALY_DAYS = 14;

export function generateWithAnomalies(o: DemoOptions): AnomalyDemo {
  const from = o.from.getTime();
  const to = o.to.getTime();
  if (to - from < MIN_ANOMALY_DAYS * DAY)
    throw new TooltrailError(
      "invalid-input",
      `anomalies need at least ${MIN_ANOMALY_DAYS} days of traffic (every anomaly follows a week of learning); pass --days ${MIN_ANOMALY_DAYS} or more`,
    );
  const rnd = seededRandom((o.seed * 2654435761) ^ 0x5eed);
  const prefix = `demo-${o.tenant}-${o.seed}`;
  const today = Math.floor(to / DAY) * DAY;
  const ctx = {
    make: eventMaker(`${prefix}-a`, rnd),
    at: (d: number, h: number, m = 0) => today - d * DAY + h * HOUR + m * MINUTE,
    seed: o.seed,
  };
  const planned = [...BASELINE_SCENARIOS, ...PATTERN_SCENARIOS].flatMap((s) => s(ctx));
  const gap = gapPlan(ctx);
  const steady = eventMaker(`${prefix}-b`, rnd);
  const injected = planned.flatMap((p) => p.events);
  const events = [
    ...generateEvents({ ...o, taskSessions: true }),
    ...officeHours(steady, from, to),
    ...metricsStream(steady, from, to, gap.gap),
    ...injected,
  ].sort((a, b) => Date.parse(a.time as string) - Date.parse(b.time as string));

  const truth: GroundTruth[] = [
    ...[...planned, gap.planned].map((p) => entry(p, "injected")),
    entry(drillPlan(to), "recorded"),
    ...backgroundSecrets(events, new Set(injected.map((e) => e.id))),
  ].map((t, i) => ({ ...t, id: `T${String(i + 1).padStart(2, "0")}` }));
  return { events, truth };
}

/** The integrity failure is a drill the demo records at run time through the operator's API. */
function drillPlan(at: number): Planned {
  return {
    rule: "integrity_failure",
    kind: "tenant",
    key: "integrity",
    note: "an integrity drill: a failed verification recorded by `tooltrail demo --anomalies` (no stored event is changed)",
    events: [],
    window: { from: at, to: at },
  };
}

const keyOf = (p: PlannedSubject) => [p.rule, p.kind, p.key, ...(p.detail ?? [])].join("|");

function entry(p: Planned, source: GroundTruth["source"]): Omit<GroundTruth, "id"> {
  const times = p.events.map((e) => Date.parse(e.time as string));
  const start = times.length > 0 ? Math.min(...times) : (p.window?.from ?? 0);
  const end = times.length > 0 ? Math.max(...times) : (p.window?.to ?? start);
  return {
    rule: p.rule,
    subject: { kind: p.kind, key: p.key },
    groupKey: keyOf(p),
    window: { from: new Date(start).toISOString(), to: new Date(end).toISOString() },
    events: p.events.slice(0, 100).map((e) => e.id),
    note: p.note,
    source,
    also: (p.also ?? []).map((a) => ({
      rule: a.rule,
      subject: { kind: a.kind, key: a.key },
      groupKey: keyOf(a),
    })),
  };
}

/**
 * The ordinary traffic carries the odd secret or email pasted into a call, on purpose (the
 * redaction demo). They are real sensitive_data anomalies, so they are labelled too: found with
 * the server's own redactor, per actor and class, as the rule groups them.
 */
function backgroundSecrets(
  events: EventV1Input[],
  injected: Set<string>,
): Omit<GroundTruth, "id">[] {
  const secret = new Set(SECRET_TYPES);
  const personal = new Set(PERSONAL_TYPES);
  const groups = new Map<string, { actor: string; cls: string; times: number[]; ids: string[] }>();
  for (const e of events) {
    if (injected.has(e.id)) continue;
    const redacted = redactEvent(eventV1Schema.parse(e), DEFAULT_POLICY).redactions ?? [];
    for (const cls of ["secret", "personal"]) {
      const types = cls === "secret" ? secret : personal;
      if (!redacted.some((r) => types.has(r.type))) continue;
      const k = `${e.actor.id}|${cls}`;
      const g = groups.get(k) ?? { actor: e.actor.id, cls, times: [], ids: [] };
      g.times.push(Date.parse(e.time as string));
      g.ids.push(e.id);
      groups.set(k, g);
    }
  }
  return [...groups.values()].map((g) =>
    entry(
      {
        rule: "sensitive_data",
        kind: "actor",
        key: g.actor,
        detail: [g.cls],
        note: `${g.ids.length} calls of ${g.actor} in the ordinary traffic carry ${g.cls === "secret" ? "secrets" : "personal data"}`,
        events: g.ids.map(
          (id, i) => ({ id, time: new Date(g.times[i] as number).toISOString() }) as EventV1Input,
        ),
      },
      "background",
    ),
  );
}

/** Sets the drill's window once it was recorded (it happens when the demo runs, not in the traffic). */
export function recordedDrill(truth: GroundTruth[], from: Date, to: Date): GroundTruth[] {
  return truth.map((t) =>
    t.source === "recorded"
      ? { ...t, window: { from: from.toISOString(), to: to.toISOString() } }
      : t,
  );
}
