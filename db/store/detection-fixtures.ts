import type {
  DeliveryRecord,
  DetectionStore,
  EvaluationUnit,
  FlagRecord,
  IncidentRecord,
} from "./detection-types";

/** Records for the detection suites: complete, with the fields a case cares about overridden. */

export const T0 = Date.UTC(2026, 5, 1, 0);
export const HOUR = 3_600_000;
export const at = (hours: number) => new Date(T0 + hours * HOUR);

export function flag(id: string, over: Partial<FlagRecord> = {}): FlagRecord {
  return {
    id,
    rule: "volume_spike",
    ruleVersion: 1,
    params: { floor: 20 },
    groupKey: "alice",
    subjectKind: "actor",
    subjectKey: "alice",
    subjectLabel: "Alice",
    severity: "medium",
    status: "open",
    active: true,
    start: at(10),
    end: at(11),
    observed: { calls: 412 },
    baseline: { median: 9, mad: 4 },
    sentence: "alice called delete_file 412 times between 10:00 and 11:00",
    evidence: [`${id}-e1`, `${id}-e2`],
    assignee: null,
    resolution: null,
    resolutionNote: null,
    incidentId: null,
    firstSeen: at(10),
    lastSeen: at(11),
    createdAt: at(11),
    updatedAt: at(11),
    ...over,
  };
}

export function unit(expectVersion: number | null, over: Partial<EvaluationUnit> = {}) {
  return {
    expectVersion,
    cursor: { watermark: at(12), state: { n: expectVersion ?? 0 }, backfilledFrom: null },
    tallies: [],
    seen: [],
    flags: [],
    history: [],
    now: at(12),
    ...over,
  } satisfies EvaluationUnit;
}

export function incident(id: string, over: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id,
    title: "Possible exfiltration by alice",
    severity: "high",
    status: "open",
    detectedAt: at(10),
    awareAt: at(12),
    notifiedAuthorityAt: null,
    note: "",
    createdBy: "u-owner",
    createdAt: at(12),
    closedAt: null,
    ...over,
  };
}

export function delivery(id: string, over: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id,
    destinationId: "d1",
    kind: "flag.opened",
    flagId: "f1",
    payload: { flag: "f1" },
    status: "pending",
    attempts: 0,
    nextAttemptAt: at(12),
    lastError: null,
    lastStatus: null,
    createdAt: at(12),
    deliveredAt: null,
    ...over,
  };
}

/** Five flags a..e of one tenant with different severities, statuses, rules and windows. */
export async function seed(d: DetectionStore) {
  const flags = [
    flag("a", { severity: "low", lastSeen: at(1), firstSeen: at(1), start: at(1), end: at(2) }),
    flag("b", { severity: "critical", lastSeen: at(5), start: at(4), end: at(5) }),
    flag("c", { severity: "high", lastSeen: at(3), rule: "first_use", subjectKey: "bob" }),
    flag("d", { severity: "medium", lastSeen: at(4), status: "acknowledged", assignee: "u1" }),
    flag("e", { severity: "high", lastSeen: at(2), active: false, start: at(20), end: at(21) }),
  ];
  await d.commitEvaluation(unit(null, { flags }));
}
