import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ApprovalQueue } from "./approval-queue";
import { RevocationList } from "./enforcement/revocation-list";
import { RevocationSync, type SyncOptions } from "./enforcement/sync";
import { ToolPins } from "./pinning";
import { PolicyHolder } from "./policy/holder";
import type { Identity, Policy } from "./policy/schema";
import { RateLimiter } from "./rate-limit";
import { GuardSession, type SessionPorts } from "./session";
import { Shipper, type ShipperOptions } from "./shipping/shipper";
import { InputValidator } from "./validation";

export type GuardOptions = {
  /** A parsed policy, or a holder (e.g. `PolicyHolder.fromFile`) for reloadable policies. */
  policy: Policy | PolicyHolder;
  /** Where events go; omit to only receive them through `onEvent`. */
  tooltrail?: Omit<ShipperOptions, "bufferDir" | "log"> & { bufferDir?: string | null };
  /** Pins and the event buffer live here (default: no pins file, buffer only if given). */
  stateDir?: string;
  /** The MCP server's name in events; default: the policy's, else what the server announces. */
  serverName?: string;
  /** The caller on stdio and in-process transports (HTTP callers come from their token). */
  identity?: Identity;
  /**
   * This Guard's name in Tooltrail (policy registration, heartbeats, `server.instance` of its
   * events); default: one generated once per state directory, else host and process id.
   */
  instance?: string;
  /**
   * Revocations from Tooltrail's access reviews (needs `tooltrail`): intervals override the
   * policy's `revocations` section; `false` turns pulling, registration and heartbeats off.
   */
  revocations?: Omit<SyncOptions, "url" | "key"> | false;
  /** Every event, after it was queued for shipping (tests, local logs). */
  onEvent?: (event: GuardEvent) => void;
  log?: (message: string) => void;
};

/** How long the first calls wait for the first revocation pull (Tooltrail slow or down). */
const FIRST_PULL_WAIT_MS = 2000;

export type GuardEvent = Record<string, unknown> & { id: string; outcome: string };

/**
 * State shared by every session of one protected server: the policy, rate limits, tool pins,
 * compiled validators and the event shipper. One Guard serves many connections.
 */
export class Guard {
  readonly policy: PolicyHolder;
  readonly limiter = new RateLimiter();
  readonly validator = new InputValidator();
  readonly pins: ToolPins;
  readonly shipper: Shipper | null;
  /** Approvals for clients without elicitation (needs a state directory). */
  readonly approvals: ApprovalQueue | null;
  /** Revocations in force: a deny that wins over the policy file (enforcement/). */
  readonly revocations: RevocationList;
  readonly sync: RevocationSync | null;
  readonly instance: string;
  readonly log: (m: string) => void;
  /**
   * Until the first pull of the revocation list has been tried (at most FIRST_PULL_WAIT_MS),
   * tool calls wait for it: a freshly installed Guard must not serve a revoked call in its
   * first moments. Null afterwards, so later calls pay nothing.
   */
  firstPull: Promise<void> | null = null;
  /** The server's own name, once a session learned it (when neither options nor policy say). */
  private learnedServerName: string | null = null;

  constructor(readonly options: GuardOptions) {
    this.log = options.log ?? ((m) => process.stderr.write(`tooltrail-guard: ${m}\n`));
    this.policy =
      options.policy instanceof PolicyHolder
        ? options.policy
        : new PolicyHolder(options.policy, null, this.log);
    this.approvals = options.stateDir ? new ApprovalQueue(options.stateDir) : null;
    this.pins = new ToolPins(options.stateDir ? join(options.stateDir, "tool-pins.json") : null);
    const t = options.tooltrail;
    this.shipper = t
      ? new Shipper({
          ...t,
          bufferDir:
            t.bufferDir !== undefined
              ? t.bufferDir
              : options.stateDir
                ? join(options.stateDir, "buffer")
                : null,
          log: this.log,
        })
      : null;
    this.instance = options.instance ?? instanceId(options.stateDir);
    this.revocations = new RevocationList(
      options.stateDir ? join(options.stateDir, "revocations.json") : null,
    );
    this.revocations.load(this.serverName(), this.log);
    this.sync =
      t && options.revocations !== false
        ? new RevocationSync(this, { url: t.url, key: t.key, ...options.revocations })
        : null;
    const first = this.sync?.start();
    if (first) {
      this.firstPull = Promise.race([
        first,
        new Promise<void>((r) => setTimeout(r, FIRST_PULL_WAIT_MS).unref()),
      ]).then(() => {
        this.firstPull = null;
      });
    }
  }

  /** The protected server's name: the options', else the policy's, else what it announced. */
  serverName(): string | null {
    return (
      this.options.serverName ?? this.policy.current.policy.server?.name ?? this.learnedServerName
    );
  }

  /** A session learned the server's own name (initialize): used when nothing else names it. */
  learnServerName(name: string): void {
    if (this.learnedServerName !== null || this.serverName() !== null) return;
    this.learnedServerName = name;
    void this.sync?.tick();
  }

  /** Starts guarding one connection; `ports` say how to reach the client and the server. */
  session(ports: SessionPorts): GuardSession {
    return new GuardSession(this, ports);
  }

  /**
   * Records one event. Returns a promise only when the caller must know the event is durable
   * (fail-closed); otherwise shipping is fire-and-forget and never delays the call.
   */
  emit(event: GuardEvent, durable: boolean): Promise<boolean> | undefined {
    this.options.onEvent?.(event);
    if (!this.shipper) return durable ? Promise.resolve(true) : undefined;
    if (durable) return this.shipper.enqueue(event, true);
    this.shipper.enqueue(event);
    return undefined;
  }

  async close(timeoutMs = 5000): Promise<void> {
    this.policy.close();
    await this.sync?.close();
    await this.shipper?.close(timeoutMs);
  }
}

/** One id per state directory, kept across restarts, so Tooltrail sees one instance, not many. */
function instanceId(stateDir: string | undefined): string {
  const fallback = `${hostname()}:${process.pid}`;
  if (!stateDir) return fallback;
  const file = join(stateDir, "instance-id");
  try {
    const id = readFileSync(file, "utf8").trim();
    if (id) return id;
  } catch {}
  const id = `${hostname()}-${randomUUID().slice(0, 8)}`;
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${id}\n`, { mode: 0o600 });
    return id;
  } catch {
    return fallback;
  }
}
