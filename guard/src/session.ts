import { randomUUID } from "node:crypto";
import type { TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { checkCall } from "./call-checks";
import { GUARD_ERRORS } from "./errors";
import { actorOf, type CallerInfo, capEvent, eventArguments } from "./events";
import type { Guard, GuardEvent } from "./guard";
import type { Identity } from "./policy/schema";
import { controlOutput, OUTPUT_METHODS } from "./results";
import { type ToolFinding, ToolRegistry } from "./tool-registry";

export type SessionPorts = {
  toClient: (message: JSONRPCMessage, options?: TransportSendOptions) => Promise<void> | void;
  toServer: (message: JSONRPCMessage, extra?: MessageExtraInfo) => Promise<void> | void;
  /** The caller when the transport carries no credentials (stdio, in-process). */
  identity?: Identity;
};

type Id = string | number;
type Msg = {
  jsonrpc: "2.0";
  id?: Id;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
};
type Pending = { ev: GuardEvent; start: number; failClosed: boolean; tool?: string };

const PASS_THROUGH = new Set(["ping"]);

/**
 * Guards one MCP connection at the JSON-RPC level, between a client-facing and a server-facing
 * port. The same code serves the middleware (in-process), the stdio proxy and the HTTP proxy.
 */
export class GuardSession {
  readonly id = randomUUID();
  private clientInfo: { name?: string; version?: string } | undefined;
  private clientCaps: Record<string, unknown> = {};
  private serverInfo: { name?: string; version?: string } | undefined;
  private readonly pending = new Map<Id, Pending>();
  private readonly own = new Map<Id, (m: Msg) => void>();
  private ownSeq = 0;
  private readonly tools: ToolRegistry;

  constructor(
    private readonly guard: Guard,
    private readonly ports: SessionPorts,
  ) {
    this.tools = new ToolRegistry(
      guard,
      async (cursor) => {
        const r = await this.request("server", "tools/list", cursor ? { cursor } : {}, 10_000);
        if (r.error || !r.result) {
          guard.log(`cannot list the server's tools: ${r.error?.message ?? "no result"}`);
          return null;
        }
        return r.result;
      },
      () => this.serverName(),
      (f) => this.reportToolFinding(f),
    );
  }

  /** A message from the client (agent side). */
  fromClient(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    const m = message as Msg;
    if (m.method === undefined && m.id !== undefined) {
      const mine = this.own.get(m.id);
      if (mine) {
        this.own.delete(m.id);
        mine(m);
        return;
      }
    }
    if (m.method === undefined || m.id === undefined) {
      if (m.method === "notifications/cancelled") this.cancelled(m.params?.requestId as Id);
      void this.ports.toServer(message, extra);
      if (m.method === "notifications/initialized") this.tools.reload();
      return;
    }
    if (m.method === "initialize") {
      this.clientInfo = m.params?.clientInfo as typeof this.clientInfo;
      this.clientCaps = (m.params?.capabilities as Record<string, unknown>) ?? {};
    }
    if (PASS_THROUGH.has(m.method)) {
      void this.ports.toServer(message, extra);
      return;
    }
    this.onRequest(m, extra).catch((err: unknown) => {
      this.guard.log(`internal error guarding ${m.method}: ${(err as Error).message}`);
      this.reply(m.id as Id, { code: -32603, message: "Tooltrail Guard internal error" });
    });
  }

  /** A message from the server. */
  fromServer(message: JSONRPCMessage, options?: TransportSendOptions): void {
    const m = message as Msg;
    if (m.method === undefined && m.id !== undefined) {
      const mine = this.own.get(m.id);
      if (mine) {
        this.own.delete(m.id);
        mine(m);
        return;
      }
      const p = this.pending.get(m.id);
      if (p) {
        this.pending.delete(m.id);
        this.onResponse(p, m).catch((err: unknown) => {
          this.guard.log(`internal error on a response: ${(err as Error).message}`);
          this.reply(m.id as Id, { code: -32603, message: "Tooltrail Guard internal error" });
        });
        return;
      }
    }
    if (m.method === "notifications/tools/list_changed") this.tools.reload();
    void this.ports.toClient(message, options);
  }

  /**
   * A message could not be delivered to the server (an HTTP upstream is down): the request is
   * answered with an error, to Guard itself when it was one of Guard's own.
   */
  undeliverable(message: JSONRPCMessage, reason: string): void {
    const m = message as Msg;
    if (m.id === undefined || m.method === undefined) return;
    const error = { code: -32603, message: `the MCP server is unreachable: ${reason}` };
    const mine = this.own.get(m.id);
    if (mine) {
      this.own.delete(m.id);
      mine({ jsonrpc: "2.0", id: m.id, error });
      return;
    }
    this.fromServer({ jsonrpc: "2.0", id: m.id, error } as JSONRPCMessage);
  }

  /** The connection ended: calls still in flight are recorded as such. */
  closed(): void {
    for (const p of this.pending.values()) {
      p.ev.outcome = "error";
      p.ev.error = {
        type: "connection_closed",
        message: "the connection closed before the server answered",
      };
      this.finish(p.ev, p.start, false);
    }
    this.pending.clear();
    for (const resolve of this.own.values())
      resolve({ jsonrpc: "2.0", error: { code: -32000, message: "connection closed" } });
    this.own.clear();
  }

  serverName(): string {
    return this.guard.serverName() ?? this.serverInfo?.name ?? "mcp-server";
  }

  private identityFor(extra?: MessageExtraInfo): { identity?: Identity; caller: CallerInfo } {
    const info = extra?.authInfo;
    const caller = { ...((info?.extra?.caller as CallerInfo | undefined) ?? {}) };
    const ua = extra?.requestInfo?.headers?.["user-agent"];
    if (typeof ua === "string") caller.userAgent ??= ua;
    // Guard's own HTTP proxy puts the full identity in authInfo; a server's own auth middleware
    // gives at least the client id and scopes, which then stand for the caller and its roles.
    const fromToken =
      (info?.extra?.identity as Identity | undefined) ??
      (info
        ? { id: info.clientId, type: "agent" as const, roles: info.scopes, auth: "oauth" as const }
        : undefined);
    return {
      identity:
        fromToken ??
        this.ports.identity ??
        this.guard.options.identity ??
        this.guard.policy.current.policy.identity,
      caller,
    };
  }

  private baseEvent(m: Msg, identity: Identity | undefined, caller: CallerInfo): GuardEvent {
    return {
      id: randomUUID(),
      time: new Date().toISOString(),
      server: {
        name: this.serverName(),
        version: this.serverInfo?.version,
        instance: this.guard.instance,
      },
      method: m.method,
      actor: identity ? actorOf(identity, caller) : { id: "anonymous", auth: "none", ...caller },
      client: this.clientInfo
        ? { name: this.clientInfo.name, version: this.clientInfo.version }
        : undefined,
      session_id: this.id,
      request_id: String(m.id),
      outcome: "ok",
      // The revocation list this call was judged under: Tooltrail's proof of what was in force.
      labels:
        this.guard.sync || this.guard.revocations.version > 0
          ? { "guard.revocation_list": String(this.guard.revocations.version) }
          : {},
      redactions: [],
    };
  }

  private async onRequest(m: Msg, extra?: MessageExtraInfo): Promise<void> {
    const start = performance.now();
    const { policy, redaction } = this.guard.policy.current;
    const { identity, caller } = this.identityFor(extra);
    const ev = this.baseEvent(m, identity, caller);
    const method = m.method as string;
    const tool = method === "tools/call" ? m.params?.name : undefined;
    const toolPolicy = typeof tool === "string" ? policy.tools[tool] : undefined;
    const failClosed =
      policy.logging.fail === "closed" ||
      (policy.logging.fail === "sensitive-closed" && toolPolicy?.sensitive === true);
    const labels = ev.labels as Record<string, string>;
    const refuse = (outcome: string, code: number, message: string, data?: object) => {
      ev.outcome = outcome;
      ev.error = { type: outcome, code, message };
      this.finish(ev, start, false);
      this.reply(m.id as Id, { code, message, data: { outcome, ...data } });
    };

    if (method === "tools/call") {
      ev.tool = typeof tool === "string" && tool !== "" ? tool : "(none)";
      const args = eventArguments(m.params?.arguments, redaction);
      ev.arguments = args.value;
      (ev.redactions as unknown[]).push(...args.redactions);
      Object.assign(labels, args.labels);
    } else if (method === "resources/read") ev.resource_uri = String(m.params?.uri ?? "");
    else if (method === "prompts/get") ev.prompt_name = String(m.params?.name ?? "");

    if (!identity)
      return refuse(
        "denied",
        GUARD_ERRORS.unauthenticated,
        "unauthenticated: no identity for this connection",
      );
    if (!OUTPUT_METHODS.has(method)) return this.forward(m, extra, { ev, start, failClosed });

    const refusal = await checkCall({
      guard: this.guard,
      tools: this.tools,
      session: this,
      ev,
      identity,
      server: this.serverName(),
      method,
      id: m.id as Id,
      params: m.params ?? {},
      failClosed,
      clientCanElicit: this.clientCaps.elicitation !== undefined,
    });
    if (refusal) return refuse(refusal.outcome, refusal.code, refusal.message, refusal.data);
    this.forward(m, extra, {
      ev,
      start,
      failClosed,
      tool: typeof tool === "string" ? tool : undefined,
    });
  }

  private forward(m: Msg, extra: MessageExtraInfo | undefined, p: Pending): void {
    this.pending.set(m.id as Id, p);
    void this.ports.toServer(m as JSONRPCMessage, extra);
  }

  private async onResponse(p: Pending, m: Msg): Promise<void> {
    const { ev } = p;
    if (ev.method === "initialize" && m.result) {
      this.serverInfo = m.result.serverInfo as typeof this.serverInfo;
      if (typeof this.serverInfo?.name === "string" && this.serverInfo.name !== "")
        this.guard.learnServerName(this.serverInfo.name);
    }
    if (ev.method === "tools/list" && m.result) this.tools.noteListed(m.result.tools);
    if (m.error) {
      ev.outcome = "error";
      ev.error = { type: "server_error", code: m.error.code, message: m.error.message };
      this.finish(ev, p.start, false);
      void this.ports.toClient(m as JSONRPCMessage);
      return;
    }
    let result = m.result ?? {};
    if (typeof ev.method === "string" && OUTPUT_METHODS.has(ev.method)) {
      const out = controlOutput(this.guard.policy.current, ev, p.tool, result);
      if ("error" in out) {
        this.finish(ev, p.start, p.failClosed);
        this.reply(m.id as Id, out.error);
        return;
      }
      result = out.result;
    }
    const durable = this.finish(ev, p.start, p.failClosed);
    if (
      durable &&
      !(await withTimeout(durable, this.guard.policy.current.policy.logging.timeout_ms))
    ) {
      this.reply(m.id as Id, {
        code: GUARD_ERRORS.auditUnavailable,
        message:
          "result withheld: the audit event could not be recorded and this tool is fail-closed",
      });
      return;
    }
    void this.ports.toClient({ ...m, result } as JSONRPCMessage);
  }

  private finish(ev: GuardEvent, start: number, durable: boolean): Promise<boolean> | undefined {
    ev.duration_ms = Math.round((performance.now() - start) * 1000) / 1000;
    capEvent(ev);
    return this.guard.emit(ev, durable);
  }

  private cancelled(id: Id | undefined): void {
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || id === undefined) return;
    this.pending.delete(id);
    p.ev.outcome = "error";
    p.ev.error = { type: "cancelled", message: "the client cancelled the request" };
    this.finish(p.ev, p.start, false);
  }

  /** A notification of Guard's own to the client, on the stream of the request it concerns. */
  notifyClient(method: string, params: object, relatedRequestId?: Id): void {
    void this.ports.toClient({ jsonrpc: "2.0", method, params } as JSONRPCMessage, {
      relatedRequestId,
    });
  }

  reply(id: Id, error: { code: number; message: string; data?: unknown }): void {
    void this.ports.toClient({ jsonrpc: "2.0", id, error } as JSONRPCMessage);
  }

  /** Sends a request of Guard's own (tools/list to the server, elicitation to the client). */
  request(
    to: "client" | "server",
    method: string,
    params: object,
    timeoutMs: number,
    relatedRequestId?: Id,
  ): Promise<Msg> {
    // Unguessable, so a peer cannot pre-send a response (e.g. an approval) to a future request.
    const id = `tooltrail-guard:${++this.ownSeq}:${randomUUID()}`;
    return new Promise<Msg>((resolve) => {
      const timer = setTimeout(() => {
        this.own.delete(id);
        resolve({ jsonrpc: "2.0", error: { code: -32001, message: "timed out" } });
      }, timeoutMs);
      timer.unref();
      this.own.set(id, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      const msg = { jsonrpc: "2.0", id, method, params } as JSONRPCMessage;
      void (to === "client"
        ? this.ports.toClient(msg, { relatedRequestId })
        : this.ports.toServer(msg));
    });
  }

  private reportToolFinding(f: ToolFinding): void {
    const { policy } = this.guard.policy.current;
    const deny = f.kind === "rug_pull" && policy.pinning.on_change === "deny";
    const what =
      f.kind === "rug_pull"
        ? "tool definitions changed since they were pinned"
        : "prompt-injection indicators in tool definitions";
    this.guard.log(`${what}: ${f.summary}`);
    const ev = this.baseEvent(
      { jsonrpc: "2.0", id: `tooltrail-guard:${f.kind}`, method: "tools/list" },
      undefined,
      {},
    );
    ev.actor = { id: "tooltrail-guard", type: "service", auth: "none" };
    ev.decision = {
      verdict: deny ? "deny" : "warn",
      policy_id: policy.id,
      rule_id: f.kind === "rug_pull" ? "tool-pinning" : "tool-definition-injection",
      reason: `${what}: ${f.summary}`.slice(0, 1024),
    };
    const label = f.kind === "rug_pull" ? "guard.rug_pull" : "guard.tool_injection";
    ev.labels = { [label]: f.summary.slice(0, 256) };
    this.finish(ev, performance.now(), false);
  }
}

async function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}
