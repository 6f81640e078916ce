import type { EventV1Input } from "../core/contract";
import type { RuleId, SubjectKind } from "../detect/types";
import { GRACE, type Make, METRICS_SERVER, MINUTE } from "./anomaly-events";

/**
 * One injected anomaly per scenario (two for some rules), placed in the last five whole days of
 * the traffic so that every baseline has learned for a week before it. `at(d, h, m)` is hour `h`
 * of the d-th day before the last one. Here: the baseline rules' anomalies; the pattern rules'
 * are in anomaly-patterns.ts.
 */

export type PlannedSubject = { rule: RuleId; kind: SubjectKind; key: string; detail?: string[] };
export type Planned = PlannedSubject & {
  note: string;
  /** Other flags the same injection legitimately raises (a storm is also a volume spike). */
  also?: PlannedSubject[];
  events: EventV1Input[];
  /** When it happens, for an anomaly without events of its own (a silence, a drill). */
  window?: { from: number; to: number };
};
export type ScenarioCtx = {
  make: Make;
  at(d: number, h: number, m?: number): number;
  seed: number;
};

const SEP = "\u001f";
export const spike = (actor: string, tool: string): PlannedSubject[] => [
  { rule: "volume_spike", kind: "actor", key: actor },
  { rule: "volume_spike", kind: "actor_tool", key: `${actor}${SEP}${tool}` },
];

export function series(
  c: ScenarioCtx,
  start: number,
  n: number,
  gapMs: number,
  f: (i: number) => Parameters<Make>[1],
) {
  return Array.from({ length: n }, (_, i) => c.make(start + i * gapMs, f(i)));
}

export const BASELINE_SCENARIOS: readonly ((c: ScenarioCtx) => Planned[])[] = [
  (c) => [
    {
      rule: "volume_spike",
      kind: "actor",
      key: "u-bob",
      note: "bob lists the same directory 400 times in one hour (a looping agent)",
      also: spike("u-bob", "list_directory").slice(1),
      events: series(c, c.at(5, 14), 400, 8_000, () => ({
        actor: "u-bob",
        server: "filesystem",
        tool: "list_directory",
        args: { path: "/srv/app" },
        session: `sess-anom-loop-${c.seed}`,
      })),
    },
  ],
  (c) => [
    {
      rule: "first_use",
      kind: "actor_tool",
      key: `u-carol${SEP}delete_repository`,
      note: "carol calls delete_repository, a tool nobody in the tenant ever called",
      also: [{ rule: "first_use", kind: "tool", key: "delete_repository" }],
      events: series(c, c.at(5, 11), 3, 2 * MINUTE, (i) => ({
        actor: "u-carol",
        server: "github",
        tool: "delete_repository",
        args: { repo: `acme/legacy-${["billing", "crm", "wiki"][i]}` },
      })),
    },
  ],
  (c) => [
    {
      rule: "denial_burst",
      kind: "actor",
      key: "u-frank",
      note: "frank is refused 15 refunds in under 4 minutes (probing what he may do)",
      events: series(c, c.at(4, 15), 15, 15_000, (i) => ({
        actor: "u-frank",
        server: "stripe",
        tool: "create_refund",
        args: { charge: `ch_9${i}`, amount: 90_000 + i },
        outcome: "denied",
        extra: {
          decision: {
            verdict: "deny",
            policy_id: "prod-guard",
            rule_id: "sensitive-tools-need-role",
          },
        },
      })),
    },
  ],
  (c) => [
    {
      rule: "validation_error_burst",
      kind: "actor",
      key: "svc-release-agent",
      note: "the release agent sends 30 malformed calls in 3 minutes (fuzzing a tool's schema)",
      also: spike("svc-release-agent", "create_issue"),
      events: series(c, c.at(4, 10), 30, 6_000, (i) => ({
        actor: "svc-release-agent",
        server: "github",
        tool: "create_issue",
        args: { repo: "acme/api", title: { $gt: i } },
        outcome: "invalid",
        extra: { validation: { valid: false, errors: ["/title: must be string"] } },
      })),
    },
  ],
  (c) => [
    {
      rule: "rate_limit_storm",
      kind: "actor",
      key: "svc-nightly-triage",
      note: "the triage bot hits the rate limit 80 times in 4 minutes (a retry loop)",
      also: spike("svc-nightly-triage", "transition_issue"),
      events: series(c, c.at(3, 13), 80, 3_000, (i) => ({
        actor: "svc-nightly-triage",
        server: "jira",
        tool: "transition_issue",
        args: { key: `OPS-${200 + (i % 3)}`, to: "Done" },
        outcome: "rate_limited",
        extra: {
          rate_limit: {
            limited: true,
            key: "svc-nightly-triage:transition_issue",
            limit: 60,
            window_s: 60,
          },
        },
      })),
    },
  ],
  (c) => [
    {
      rule: "off_hours",
      kind: "actor",
      key: GRACE.id,
      note: "grace, who only ever works 09:00-17:00, makes 12 calls at 02:00 UTC",
      events: series(c, c.at(3, 2, 5), 12, 3 * MINUTE, (i) => ({
        actor: GRACE.id,
        server: "filesystem",
        tool: "read_file",
        args: { path: `/srv/app/reports/q${1 + (i % 4)}.md` },
      })),
    },
  ],
  (c) => [
    {
      rule: "bulk_egress",
      kind: "actor",
      key: "u-alice",
      note: "alice pulls 30 files of 3 MB each in half an hour (90 MB, her usual hour is a few hundred kB)",
      also: spike("u-alice", "get_file_contents"),
      events: series(c, c.at(2, 11), 30, MINUTE, (i) => ({
        actor: "u-alice",
        server: "github",
        tool: "get_file_contents",
        args: { repo: "acme/infra", path: `backups/db-${i}.sql.gz`, ref: "main" },
        extra: { result_bytes: 3_000_000 },
      })),
    },
  ],
];

/** The telemetry gap and the integrity drill have no events of their own to inject. */
export function gapPlan(c: ScenarioCtx): { gap: { from: number; to: number }; planned: Planned } {
  const gap = { from: c.at(2, 14), to: c.at(2, 17) };
  return {
    gap,
    planned: {
      rule: "telemetry_gap",
      kind: "server",
      key: METRICS_SERVER,
      note: "the metrics server, which sent 36 events every hour, is silent for 3 hours while its scraper stays active elsewhere",
      events: [],
      window: gap,
    },
  };
}
