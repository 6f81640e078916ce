import { z } from "zod";
import type { FlagRecord } from "../../db/store/detection-types";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { storedRow } from "../../test/fixtures/event-rows";
import type { StoredEvent } from "../core/contract";
import { HOUR } from "./stats";
import type { Finding, Rule } from "./types";

/**
 * What the engine's tests and the conformance suite share: stored events written through the
 * real store, and two small rules whose every figure a test can predict. The engine is generic
 * over rules, so its behaviour (windows, state, history, episodes, the lock) is tested with
 * these rather than with the real rules, whose own tests live beside them.
 */

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
export const MIN = 60_000;

export function eventDoc(
  tenant: string,
  id: string,
  time: number,
  over: Partial<StoredEvent> = {},
): StoredEvent {
  const iso = new Date(time).toISOString();
  return {
    id,
    time: iso,
    server: { name: "files" },
    method: "tools/call",
    tool: "read_file",
    actor: { id: "alice", type: "user" },
    outcome: "ok",
    tenant_id: tenant,
    received_at: iso,
    ingest_key_id: "key-1",
    ...over,
  } as StoredEvent;
}

let batch = 0;
/** Writes events as the store keeps them (raw path: the case controls every column). */
export async function storeEvents(store: Store, docs: readonly StoredEvent[]): Promise<void> {
  batch += 1;
  await store.rawInsertEvents(docs.map((d, i) => storedRow(d, { batchSeq: batch, leafIndex: i })));
}

export async function openTestStore(tenant = "acme"): Promise<Store> {
  const store = await openPgliteStore(undefined);
  await store.migrate();
  await store.admin.createTenant({ id: tenant, name: tenant });
  return store;
}

const burstParams = z.object({
  threshold: z.number().int().min(1).default(3),
  quietMinutes: z.number().int().min(1).default(60),
});
type BurstState = { windows: number };

/**
 * A denial burst: an actor with at least `threshold` denied calls in one window; high from twice
 * the threshold. Its baseline is the actor's calls in the 24 hours before the window, and its
 * state counts windows (so a test sees state carried).
 */
export const testBurstRule: Rule<z.output<typeof burstParams>, BurstState> = {
  id: "denial_burst",
  version: 7,
  title: "test denial burst",
  description: "denied calls per actor and window",
  params: burstParams,
  enabledByDefault: true,
  initialState: () => ({ windows: 0 }),
  evaluate({ events, state, params, allow, baselines, window }) {
    const byActor = new Map<string, string[]>();
    const times = new Map<string, number[]>();
    for (const e of events) {
      if (e.internal || e.outcome !== "denied" || allow.has(e.actorId)) continue;
      byActor.set(e.actorId, [...(byActor.get(e.actorId) ?? []), e.id]);
      times.set(e.actorId, [...(times.get(e.actorId) ?? []), e.time]);
    }
    const findings: Finding[] = [];
    for (const [actor, ids] of [...byActor].sort(([a], [b]) => a.localeCompare(b))) {
      if (ids.length < params.threshold) continue;
      const t = times.get(actor) as number[];
      const prior = baselines.hourly("actor", actor, window.from - 24 * HOUR, window.from);
      findings.push({
        rule: "denial_burst",
        subject: { kind: "actor", key: actor, label: actor },
        groupKey: `actor|${actor}`,
        severity: ids.length >= 2 * params.threshold ? "high" : "medium",
        start: t[0] as number,
        end: t.at(-1) as number,
        observed: { denials: ids.length, windows: state.windows + 1 },
        baseline: { priorDay: prior.reduce((a, b) => a + b, 0) },
        sentence: `${actor} was denied ${ids.length} times`,
        evidence: ids,
      });
    }
    return { findings, state: { windows: state.windows + 1 } };
  },
};

const silenceParams = z.object({ watch: z.array(z.string()).default([]) });

/**
 * A silent source: a watched ingest key that sent in the hour before the window and sends
 * nothing in it. The key is absent from the window's events, so its history is what the engine
 * loads after the rule asked for it.
 */
export const testSilenceRule: Rule<z.output<typeof silenceParams>, null> = {
  id: "telemetry_gap",
  version: 1,
  title: "test silence",
  description: "a watched key goes silent",
  params: silenceParams,
  enabledByDefault: false,
  initialState: () => null,
  evaluate({ events, params, baselines, window }) {
    const findings: Finding[] = [];
    for (const key of params.watch) {
      if (events.some((e) => e.ingestKeyId === key)) continue;
      const before = baselines.hourly("ingest_key", key, window.from - HOUR, window.from);
      const sent = before.reduce((a, b) => a + b, 0);
      if (sent === 0) continue;
      findings.push({
        rule: "telemetry_gap",
        subject: { kind: "ingest_key", key, label: key },
        groupKey: `ingest_key|${key}`,
        severity: "low",
        start: window.from,
        end: window.to,
        observed: { events: 0 },
        baseline: { lastHour: sent },
        sentence: `${key} went silent`,
        evidence: [],
      });
    }
    return { findings, state: null };
  },
};

/** A flag without what differs between runs (its id, when it was written). */
export function normalise(f: FlagRecord): Record<string, unknown> {
  const { id: _i, createdAt: _c, updatedAt: _u, firstSeen: _f, lastSeen: _l, ...rest } = f;
  return {
    ...rest,
    start: f.start.toISOString(),
    end: f.end.toISOString(),
    evidence: [...f.evidence].sort(),
  };
}

export async function allFlags(store: Store, tenant = "acme"): Promise<FlagRecord[]> {
  const { rows } = await store.forTenant(tenant).detection.listFlags({
    limit: 1000,
    offset: 0,
    sort: "first_seen",
    order: "asc",
  });
  return rows;
}
