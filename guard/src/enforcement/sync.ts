import { createHash } from "node:crypto";
import type { Guard } from "../guard";
import { canonicalJson } from "../shared";
import { GUARD_VERSION } from "../version";
import { type DryRun, dryRun } from "./decide";
import { type RevocationEntry, revocationListSchema } from "./revocation-list";

export type SyncOptions = {
  url: string;
  key: string;
  /** Overrides the policy's revocations.pull_interval_s. */
  pullIntervalMs?: number;
  /** Overrides the policy's revocations.heartbeat_s. */
  heartbeatMs?: number;
  requestTimeoutMs?: number;
};

const MAX_REPORTED = 500;
/** Denied calls offered as proof per revocation: one suffices, a few cover events still in flight. */
const DENIALS_PER_REVOCATION = 3;

/** sha256 of the policy's RFC 8785 canonical JSON: Tooltrail checks the same. */
export function policyHash(policy: unknown): string {
  return createHash("sha256").update(canonicalJson(policy)).digest("hex");
}

/**
 * Guard's conversation with Tooltrail beyond events: it registers the policy it runs (at start
 * and after every reload), pulls its server's revocation list (at start, then on an interval,
 * with the ETag), and sends a heartbeat with the list version it enforces, the dry runs of newly
 * revoked principals and tools, and the ids of real calls it denied because of a revocation.
 * Failures never stop enforcement: the last list stays in force, and everything is retried.
 */
export class RevocationSync {
  private pullTimer: NodeJS.Timeout | null = null;
  private beatTimer: NodeJS.Timeout | null = null;
  private registeredHash: string | null = null;
  private readonly dryRuns = new Map<string, DryRun>();
  private readonly denials = new Map<string, Set<string>>();
  private readonly proven = new Set<string>();
  private awaitingTries = 0;
  private offline: string | null = null;
  private toldNoName = false;
  private closed = false;
  private running: Promise<void> | null = null;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly guard: Guard,
    private readonly o: SyncOptions,
  ) {}

  /** Registers, pulls and reports once, then keeps doing so on the intervals. */
  start(): Promise<void> {
    // What was loaded from the state directory is dry-run too: a confirmation lost to a
    // restart is sent again (Tooltrail ignores what it already confirmed).
    this.queueDryRuns(this.guard.revocations.entries());
    this.guard.policy.onReload(() => void this.tick());
    return this.tick();
  }

  /** One round now: register if the policy changed, pull, then report. Rounds never overlap. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.register();
        await this.pull();
        await this.heartbeat();
      } finally {
        this.running = null;
        this.schedulePull();
      }
    })();
    return this.running;
  }

  /** A call was denied because of a revocation: its event is offered as proof. */
  noteDenial(revocationId: string, eventId: string): void {
    if (this.proven.has(revocationId)) return;
    const ids = this.denials.get(revocationId) ?? new Set<string>();
    if (ids.size >= DENIALS_PER_REVOCATION) return;
    ids.add(eventId);
    this.denials.set(revocationId, ids);
    // Soon, but after the shipper has had time to deliver the event.
    this.scheduleHeartbeat(1500);
  }

  /** What the HTTP proxy's /healthz shows. */
  status() {
    return {
      list_version: this.guard.revocations.version,
      revocations: this.guard.revocations.entries().length,
      pending_confirmation: this.dryRuns.size,
      offline: this.offline,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pullTimer) clearTimeout(this.pullTimer);
    if (this.beatTimer) clearTimeout(this.beatTimer);
    await this.running?.catch(() => {});
    await this.beating?.catch(() => {});
  }

  private get server(): string | null {
    return this.guard.serverName();
  }

  private pullMs(): number {
    return (
      this.o.pullIntervalMs ?? this.guard.policy.current.policy.revocations.pull_interval_s * 1000
    );
  }

  private heartbeatMs(): number {
    return this.o.heartbeatMs ?? this.guard.policy.current.policy.revocations.heartbeat_s * 1000;
  }

  private schedulePull(): void {
    if (this.closed) return;
    if (this.pullTimer) clearTimeout(this.pullTimer);
    this.pullTimer = setTimeout(() => void this.tick(), this.pullMs());
    this.pullTimer.unref();
  }

  private scheduleHeartbeat(ms: number): void {
    if (this.closed) return;
    if (this.beatTimer) clearTimeout(this.beatTimer);
    this.beatTimer = setTimeout(() => void this.heartbeat(), ms);
    this.beatTimer.unref();
  }

  private async register(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const { policy } = this.guard.policy.current;
    const hash = policyHash(policy);
    if (hash === this.registeredHash) return;
    const res = await this.request("POST", "/api/v1/guard/policies", {
      server,
      instance: this.guard.instance,
      guard_version: GUARD_VERSION,
      hash,
      document: policy,
    });
    if (res && (res.status === 200 || res.status === 201)) {
      this.registeredHash = hash;
      this.guard.log(`policy ${policy.id} (${hash.slice(0, 12)}) registered with Tooltrail`);
    }
  }

  private async pull(): Promise<void> {
    const server = this.server;
    if (!server) {
      if (!this.toldNoName)
        this.guard.log(
          "revocations wait for the server's name (set server.name in the policy or --server-name)",
        );
      this.toldNoName = true;
      return;
    }
    const list = this.guard.revocations;
    const etag = list.server === server ? list.etag : null;
    const res = await this.request(
      "GET",
      `/api/v1/guard/revocations?server=${encodeURIComponent(server)}`,
      undefined,
      etag ? { "if-none-match": etag } : {},
    );
    if (!res || res.status === 304) return;
    if (res.status !== 200) return;
    const body = revocationListSchema.safeParse(res.body);
    if (!body.success || body.data.server !== server) {
      this.noteOffline("Tooltrail answered the revocation list with an unexpected body");
      return;
    }
    if (body.data.version < list.version)
      this.guard.log(
        `Tooltrail's revocation list for ${server} went back from version ${list.version} to ${body.data.version} (restored?); applying it`,
      );
    const added = list.replace(body.data, res.etag, new Date());
    if (added.length > 0 || body.data.version !== list.version)
      this.guard.log(
        `revocation list version ${body.data.version} for ${server} in force: ${body.data.revocations.length} revocations, ${added.length} new`,
      );
    this.queueDryRuns(added);
  }

  private queueDryRuns(entries: readonly RevocationEntry[]): void {
    const server = this.server ?? this.guard.revocations.server ?? "";
    const now = new Date();
    for (const r of entries)
      this.dryRuns.set(
        r.id,
        dryRun(this.guard.policy.current, this.guard.revocations, r, server, now),
      );
  }

  private heartbeat(): Promise<void> {
    if (this.beating) return this.beating;
    this.beating = this.beat().finally(() => {
      this.beating = null;
    });
    return this.beating;
  }

  private async beat(): Promise<void> {
    const server = this.server;
    if (!server || this.closed) return;
    const denials = [...this.denials].flatMap(([revocation_id, ids]) =>
      [...ids].map((event_id) => ({ revocation_id, event_id })),
    );
    const res = await this.request("POST", "/api/v1/guard/heartbeat", {
      server,
      instance: this.guard.instance,
      guard_version: GUARD_VERSION,
      policy_hash: this.registeredHash,
      list_version: this.guard.revocations.version,
      dry_run: [...this.dryRuns.values()].slice(0, MAX_REPORTED),
      denials: denials.slice(0, MAX_REPORTED),
    });
    let next = this.heartbeatMs();
    if (res?.status === 200) {
      const a = res.body as {
        list_version?: number;
        confirmed?: string[];
        proven?: string[];
        awaiting?: string[];
      };
      for (const id of a.confirmed ?? []) this.dryRuns.delete(id);
      const awaiting = new Set(a.awaiting ?? []);
      for (const id of a.proven ?? []) this.proven.add(id);
      // Offered denials are settled unless their event has not reached Tooltrail yet.
      for (const d of denials)
        if (!awaiting.has(d.revocation_id)) this.denials.delete(d.revocation_id);
      if (awaiting.size > 0) {
        this.awaitingTries++;
        next = Math.min(next, 1000 * 2 ** Math.min(this.awaitingTries, 6));
      } else this.awaitingTries = 0;
      if (typeof a.list_version === "number" && a.list_version > this.guard.revocations.version)
        void this.tick();
    }
    this.scheduleHeartbeat(next);
  }

  private async request(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown; etag: string | null } | null> {
    try {
      const res = await fetch(`${this.o.url.replace(/\/+$/, "")}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.o.key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.requestTimeoutMs ?? 5000),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {}
      if (res.status >= 400) {
        const detail = (parsed as { detail?: string } | null)?.detail ?? "";
        this.noteOffline(
          `${method} ${path.split("?")[0]}: HTTP ${res.status}${detail ? `: ${detail}` : ""}`,
        );
      } else this.noteOnline();
      return { status: res.status, body: parsed, etag: res.headers.get("etag") };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      this.noteOffline(
        `Tooltrail unreachable (${cause ?? (err as Error).message}); the last revocation list stays in force`,
      );
      return null;
    }
  }

  /** Logged when the state changes, not on every retry. */
  private noteOffline(why: string): void {
    if (this.offline === why) return;
    this.offline = why;
    this.guard.log(why);
  }

  private noteOnline(): void {
    if (this.offline === null) return;
    this.offline = null;
    this.guard.log("Tooltrail reachable again for revocations");
  }
}
