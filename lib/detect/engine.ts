import { randomUUID } from "node:crypto";
import type {
  DeliveryRecord,
  DetectCursor,
  DetectionStore,
  FlagRecord,
} from "../../db/store/detection-types";
import type { TenantStore } from "../../db/store/types";
import { flagDeliveries } from "../notify/enqueue";
import { activeRules, allRules, type RuleError, runRules } from "./active-rules";
import { backfillPending, backfillStep, learningSince, SINCE_KEY } from "./backfill";
import { History, historyRange } from "./baselines";
import { foldEpisodes, type RuleInForce } from "./episodes";
import {
  claimHistoryCache,
  type HistoryCache,
  releaseHistoryCache,
  type StateTexts,
  scrubJson,
} from "./history-cache";
import { type DistinctCarry, TallyBook } from "./tallies";
import type { Rule } from "./types";
import { DEFAULT_LIMITS, readWindow, type WindowLimits, windowBounds } from "./window";

/**
 * One bounded step of a tenant's detection (docs/detection.md): start the cursor, fold a chunk
 * of history (backfill), or evaluate the next window since the watermark: read its events, run
 * the enabled rules with their stored state against the history before the window, fold the
 * findings into flags (episodes) and commit it all with the watermark under the cursor's
 * optimistic lock. Losing the lock (another evaluator committed first) changes nothing; the step
 * is computed again once from the new cursor. Callers loop until `caughtUp`.
 */

export type EngineData = Pick<TenantStore, "tenantId" | "listEvents" | "countEvents"> & {
  readonly detection: DetectionStore;
};

export type EvaluateOptions = {
  data: EngineData;
  now: Date;
  /** Events read per step at most (default 20 000). */
  maxEvents?: number;
  /** Default: every rule of lib/detect/rules. */
  rules?: readonly Rule[];
  limits?: Partial<Omit<WindowLimits, "maxEvents">>;
  newId?: () => string;
  /** CPU milliseconds per phase of evaluated windows, added up (bench:detect's breakdown). */
  profile?: Record<string, number>;
};

export type StepKind = "start" | "backfill" | "window" | "idle" | "conflict";

export type EvaluationResult = {
  kind: StepKind;
  /** The evaluated window (or the history chunk folded), null when none. */
  window: { from: Date; to: Date } | null;
  events: number;
  created: FlagRecord[];
  updated: FlagRecord[];
  /** Updated flags whose severity rose (notifications send them again). */
  escalated: FlagRecord[];
  ended: FlagRecord[];
  /** Notifications of created and escalated flags, queued in the window's commit. */
  queued: number;
  errors: RuleError[];
  caughtUp: boolean;
};

const DISTINCT_KEY = "engine:distinct";
/** Active flags kept in memory between windows at most (beyond, they are read each window). */
const ACTIVE_CACHE_MAX = 50_000;
/** The token of the history cache that holds what this cursor's commits stored. */
const CACHE_KEY = "engine:cache";

export async function evaluateTenant(opts: EvaluateOptions): Promise<EvaluationResult> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = await step(opts);
    if (r) return r;
  }
  // Another evaluator won twice: it is doing this tenant's work; leave it to it.
  return { ...empty("conflict"), caughtUp: true };
}

/** One step; null when the commit lost the cursor's lock. */
async function step(opts: EvaluateOptions): Promise<EvaluationResult | null> {
  const det = opts.data.detection;
  const now = opts.now.getTime();
  const limits = {
    ...DEFAULT_LIMITS,
    ...opts.limits,
    maxEvents: opts.maxEvents ?? DEFAULT_LIMITS.maxEvents,
  };
  const lap = stopwatch(opts.profile);
  // The rules' state (megabytes) is read only when the history cache does not hold it.
  let cursor = await det.getCursor({ stateKeys: [CACHE_KEY] });
  lap("cursor");
  if (!cursor) {
    const start = new Date(now - limits.settleMs);
    const ok = await det.commitEvaluation({
      expectVersion: null,
      cursor: { watermark: start, state: { [SINCE_KEY]: start.getTime() }, backfilledFrom: start },
      tallies: [],
      seen: [],
      flags: [],
      history: [],
      now: opts.now,
    });
    return ok ? empty("start") : null;
  }
  if (backfillPending(cursor, now)) {
    cursor = await det.getCursor();
    if (!cursor) return null;
    const b = await backfillStep(opts.data, cursor, opts.now, limits.maxEvents);
    if (!b.committed) return null;
    return {
      ...empty("backfill"),
      window: b.chunk ? { from: new Date(b.chunk.from), to: new Date(b.chunk.to) } : null,
      events: b.events,
    };
  }
  const bounds = windowBounds(cursor.watermark.getTime(), now, limits);
  if (bounds.to <= bounds.from) return { ...empty("idle"), caughtUp: true };
  return evaluateWindow(opts, cursor, bounds, limits);
}

async function evaluateWindow(
  opts: EvaluateOptions,
  cursor: DetectCursor,
  bounds: { from: number; to: number },
  limits: WindowLimits,
): Promise<EvaluationResult | null> {
  const cache = claimHistoryCache(cursor.state[CACHE_KEY], cursor.version);
  let committed: { token: string; version: number } | null = null;
  try {
    const texts = cache.state ?? (await storedState(opts.data.detection, cursor.version));
    if (!texts) return null;
    const r = await windowStep(opts, cursor, texts, bounds, limits, cache);
    if (!r) return null;
    committed = r.committed;
    return r.result;
  } finally {
    releaseHistoryCache(cache, committed);
  }
}

async function windowStep(
  opts: EvaluateOptions,
  head: DetectCursor,
  texts: StateTexts,
  bounds: { from: number; to: number },
  limits: WindowLimits,
  cache: HistoryCache,
): Promise<{ result: EvaluationResult; committed: { token: string; version: number } } | null> {
  const det = opts.data.detection;
  const lap = stopwatch(opts.profile);
  const since = learningSince({ ...head, state: { [SINCE_KEY]: parseText(texts, SINCE_KEY) } });
  const { active, errors: configErrors } = activeRules(
    opts.rules ?? allRules(),
    await det.listRuleConfigs(),
  );
  lap("config");
  const win = await readWindow(opts.data, bounds.from, bounds.to, limits.maxEvents);
  lap("read");
  const book = new TallyBook(parseText(texts, DISTINCT_KEY) as DistinctCarry | undefined);
  for (const e of win.events) book.add(e);
  lap("tally");
  const range = historyRange(win);
  const history = new History(det, range.from, range.to, cache);
  await history.load(book.historyKeys());
  lap("history");
  const ran = await runRules({
    active,
    events: win.events,
    window: { from: win.from, to: win.to },
    state: texts,
    history,
    learningSince: since,
  });
  lap("rules");
  const suppressed = await det.listSuppressions(opts.now);
  const findings = ran.findings.filter(
    (f) => !suppressed.some((s) => s.rule === f.rule && s.subjectKey === f.subject.key),
  );
  lap("suppressions");
  const rules = new Map<string, RuleInForce>(
    active.map((a) => [
      a.rule.id,
      { version: a.rule.version, params: a.params as Record<string, unknown> },
    ]),
  );
  const current = cache.active ?? (await activeFlags(det));
  lap("activeFlags");
  const fold = foldEpisodes({
    active: current,
    findings,
    rules,
    to: win.to,
    now: opts.now,
    newId: opts.newId ?? randomUUID,
  });
  const carry = book.carry(win.to);
  lap("fold");
  // A fresh token each commit: the cache filed under it is the one that saw this commit.
  const token = randomUUID();
  // The copies' triage fields (status, assignee) are as read, maybe windows ago: a notified
  // escalation says the flag's status as it is now.
  const escalated = await fresh(det, fold.escalated);
  const deliveries = await notifications(opts, fold.created, escalated);
  lap("notify");
  const tallies = book.tallies();
  const seen = book.seen();
  const next: StateTexts = new Map(ran.state);
  next.set(SINCE_KEY, JSON.stringify(since));
  if (carry) next.set(DISTINCT_KEY, scrubJson(JSON.stringify(carry)));
  next.set(CACHE_KEY, JSON.stringify(token));
  const ok = await det.commitEvaluation({
    expectVersion: head.version,
    cursor: { watermark: new Date(win.to), state: {}, backfilledFrom: head.backfilledFrom },
    stateJson: joinState(next),
    tallies,
    seen,
    flags: [...fold.created, ...fold.updated, ...fold.ended],
    history: fold.history,
    deliveries,
    now: opts.now,
  });
  lap("commit");
  if (!ok) return null;
  cache.apply(tallies, seen);
  cache.state = next;
  cache.active = nextActive(current, fold);
  const result: EvaluationResult = {
    kind: "window",
    window: { from: new Date(win.from), to: new Date(win.to) },
    events: win.events.length,
    created: fold.created,
    updated: fold.updated,
    escalated,
    ended: fold.ended,
    queued: deliveries.length,
    errors: [...configErrors, ...ran.errors],
    caughtUp: win.to >= opts.now.getTime() - limits.settleMs,
  };
  return { result, committed: { token, version: head.version + 1 } };
}

/**
 * The active flags after a commit: the engine's own commits are the only writes that create,
 * extend or end a flag (triage changes status, assignee and notes only, which folding does not
 * read), so later windows of the same cache fold against this instead of reading them again.
 */
function nextActive(
  current: readonly FlagRecord[],
  fold: { created: FlagRecord[]; updated: FlagRecord[]; ended: FlagRecord[] },
): FlagRecord[] | null {
  const byId = new Map(current.map((f) => [f.id, f]));
  for (const f of [...fold.updated, ...fold.created]) byId.set(f.id, f);
  for (const f of fold.ended) byId.delete(f.id);
  if (byId.size > ACTIVE_CACHE_MAX) return null;
  return [...byId.values()].sort(activeOrder);
}

/** The order the store lists active flags in (latest first, then by id). */
function activeOrder(a: FlagRecord, b: FlagRecord): number {
  return b.lastSeen.getTime() - a.lastSeen.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The deliveries of the flags a window created or escalated, for its commit (the outbox): they
 * are stored with the flags or not at all, and a window evaluated again after a lost commit
 * queues them once.
 */
async function notifications(
  opts: EvaluateOptions,
  created: readonly FlagRecord[],
  escalated: readonly FlagRecord[],
): Promise<DeliveryRecord[]> {
  if (created.length === 0 && escalated.length === 0) return [];
  const destinations = await opts.data.detection.listDestinations();
  return flagDeliveries({
    tenantId: opts.data.tenantId,
    destinations,
    flags: [...created, ...escalated],
    now: opts.now,
    escalated: new Set(escalated.map((f) => f.id)),
  });
}

async function fresh(det: DetectionStore, list: FlagRecord[]): Promise<FlagRecord[]> {
  if (list.length === 0) return list;
  const ids = list.map((f) => f.id);
  const { rows } = await det.listFlags({ ids, limit: ids.length, offset: 0 });
  const stored = new Map(rows.map((f) => [f.id, f]));
  return list.map((f) => {
    const s = stored.get(f.id);
    return s
      ? {
          ...f,
          status: s.status,
          assignee: s.assignee,
          resolution: s.resolution,
          resolutionNote: s.resolutionNote,
          incidentId: s.incidentId,
        }
      : f;
  });
}

/**
 * The stored state as JSON text per top-level key, when the cursor is still at `version` (null:
 * another evaluator moved it; the step is computed again). Each key is stringified once here; later
 * windows reuse the texts they committed (history-cache.ts holds them).
 */
async function storedState(det: DetectionStore, version: number): Promise<StateTexts | null> {
  const cursor = await det.getCursor();
  if (!cursor || cursor.version !== version) return null;
  const texts: StateTexts = new Map();
  for (const [k, v] of Object.entries(cursor.state))
    if (v !== undefined) texts.set(k, scrubJson(JSON.stringify(v)));
  return texts;
}

function parseText(texts: StateTexts, key: string): unknown {
  const t = texts.get(key);
  return t === undefined ? undefined : JSON.parse(t);
}

/** The state object's JSON text from its keys' texts (what `JSON.stringify` would give). */
function joinState(texts: StateTexts): string {
  const parts: string[] = [];
  for (const [k, t] of texts) parts.push(`${JSON.stringify(k)}:${t}`);
  return `{${parts.join(",")}}`;
}

/** Every active flag of the tenant (episodes in progress: few, whatever the history). */
async function activeFlags(det: DetectionStore): Promise<FlagRecord[]> {
  const out: FlagRecord[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await det.listFlags({ active: true, limit: 500, offset });
    out.push(...page.rows);
    if (page.rows.length < 500) return out.sort(activeOrder);
  }
}

/** Adds the CPU time (ms) since the last lap to `profile[name]`; no-op without a profile. */
function stopwatch(profile: Record<string, number> | undefined): (name: string) => void {
  let last = profile ? process.cpuUsage() : null;
  return (name) => {
    if (!profile || !last) return;
    const d = process.cpuUsage(last);
    profile[name] = (profile[name] ?? 0) + (d.user + d.system) / 1000;
    last = process.cpuUsage();
  };
}

function empty(kind: StepKind): EvaluationResult {
  return {
    kind,
    window: null,
    events: 0,
    created: [],
    updated: [],
    escalated: [],
    ended: [],
    queued: 0,
    errors: [],
    caughtUp: false,
  };
}
