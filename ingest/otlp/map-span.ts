import { UNIDENTIFIED_ACTOR_ID } from "../../db/store/types";
import { cutString, LIMITS } from "../../lib/core/contract";
import { inspectEvent } from "../../lib/core/contract/inspect-event";
import {
  type Attributes,
  type AttrValue,
  attrString,
  attrStringList,
  type OtlpSpan,
  SPAN_KIND,
} from "./model";
import { outcomeOf } from "./span-outcome";
import { clip, compact } from "./values";

/**
 * One MCP (or GenAI tool) span as an event contract v1 object, before validation. Names come from
 * the OpenTelemetry MCP/GenAI semantic conventions, with the names widespread gateways use as
 * fallbacks. Everything the contract has no field for stays as a bounded label.
 */
export type MappedEvent = Record<string, unknown> & { labels: Record<string, string> };

/** Attributes that land in contract fields; the rest become labels. */
const MAPPED = new Set([
  "mcp.method.name",
  "mcp.tool.name",
  "gen_ai.tool.name",
  "tool.name",
  "gen_ai.prompt.name",
  "mcp.resource.uri",
  "mcp.server.name",
  "mcp.target",
  "mcp.client.name",
  "mcp.client.version",
  "mcp.session.id",
  "jsonrpc.request.id",
  "gen_ai.tool.call.id",
  "gen_ai.tool.call.arguments",
  "gen_ai.tool.call.result",
  "gen_ai.conversation.id",
  "gen_ai.agent.id",
  "gen_ai.agent.name",
  "gen_ai.request.model",
  "gen_ai.response.model",
  "rpc.response.status_code",
  "mcp.error.code",
  "mcp.error.message",
  "mcp.operation.error",
  "error.type",
  "client.address",
  "user.id",
  "user.name",
  "user.email",
  "user.roles",
  "enduser.id",
  "enduser.pseudo.id",
  "user_agent.original",
]);

const KIND_NAMES = ["unspecified", "internal", "server", "client", "producer", "consumer"];

/** Does this span record MCP or tool activity (rather than HTTP, database, …)? */
export function isToolSpan(s: OtlpSpan): boolean {
  const a = s.attributes;
  if (a.get("gen_ai.operation.name") === "execute_tool") return true;
  if (a.has("gen_ai.tool.name") || a.has("tool.name")) return true;
  for (const k of a.keys()) if (k.startsWith("mcp.")) return true;
  return false;
}

export function mapSpan(s: OtlpSpan): MappedEvent {
  const a = s.attributes;
  const r = s.resource;
  const isClient = s.kind === SPAN_KIND.CLIENT;
  const service = attrString(r, "service.name");
  const nameParts = s.name.split(/\s+/);
  const tool =
    attrString(a, "gen_ai.tool.name", "mcp.tool.name", "tool.name") ??
    (nameParts[0] === "tools/call" ? nameParts[1] : undefined);
  const method =
    attrString(a, "mcp.method.name") ??
    (tool !== undefined || a.get("gen_ai.operation.name") === "execute_tool"
      ? "tools/call"
      : nameParts[0] || "unknown");

  // The MCP server: a gateway names the server it routes to; else, server-side, the service
  // that emitted the span is the server; client-side, the address it called.
  const named = attrString(a, "mcp.server.name", "mcp.target");
  const fromResource = named === undefined && !isClient && service !== undefined;
  const serverName = named ?? (isClient ? attrString(a, "server.address") : service) ?? service;

  const labels: Record<string, string> = { "otel.span.kind": KIND_NAMES[s.kind] ?? "unspecified" };
  const event: MappedEvent = {
    id: `otel:${s.traceId}:${s.spanId}`,
    ...(s.startNs > 0n ? { time: Number(s.startNs / 1_000_000n) } : {}),
    server: compact({
      name: clip(serverName ?? "unknown_service", 256),
      version: fromResource ? clip(attrString(r, "service.version"), 128) : undefined,
      instance: fromResource ? clip(attrString(r, "service.instance.id"), 256) : undefined,
    }),
    method: clip(method, 128),
    labels,
  };
  if (tool !== undefined) event.tool = clip(tool, 256);
  setIf(event, "prompt_name", clip(attrString(a, "gen_ai.prompt.name"), 256));
  setIf(event, "resource_uri", clip(attrString(a, "mcp.resource.uri"), 2048));
  event.actor = actorOf(a, isClient);
  setObj(event, "client", {
    name: clip(attrString(a, "mcp.client.name") ?? (isClient ? service : undefined), 256),
    version: clip(
      attrString(a, "mcp.client.version") ??
        (isClient ? attrString(r, "service.version") : undefined),
      128,
    ),
  });
  setObj(event, "agent", {
    id: clip(attrString(a, "gen_ai.agent.id"), 256),
    name: clip(attrString(a, "gen_ai.agent.name"), 256),
    model: clip(attrString(a, "gen_ai.request.model", "gen_ai.response.model"), 256),
  });
  setIf(event, "session_id", clip(attrString(a, "mcp.session.id"), 256));
  setIf(event, "conversation_id", clip(attrString(a, "gen_ai.conversation.id"), 256));
  event.trace_id = s.traceId;
  event.span_id = s.spanId;
  const requestId = attrString(a, "jsonrpc.request.id");
  const callId = attrString(a, "gen_ai.tool.call.id");
  setIf(event, "request_id", clip(requestId ?? callId, 256));
  if (requestId !== undefined && callId !== undefined) labels["gen_ai.tool.call.id"] = callId;
  setArguments(event, a.get("gen_ai.tool.call.arguments"));
  const result = a.get("gen_ai.tool.call.result");
  if (result !== undefined && result !== null)
    event.result_bytes = Buffer.byteLength(
      typeof result === "string" ? result : JSON.stringify(result),
    );
  if (s.endNs >= s.startNs && s.endNs > 0n && s.startNs > 0n)
    event.duration_ms = Math.round(Number(s.endNs - s.startNs) / 1000) / 1000;
  Object.assign(event, outcomeOf(s));
  const environment = attrString(r, "deployment.environment.name", "deployment.environment");
  if (environment !== undefined)
    labels["deployment.environment.name"] = cutString(environment, 257);
  addLabels(labels, a);
  return event;
}

function actorOf(a: Attributes, isClient: boolean): Record<string, unknown> {
  const id = attrString(a, "user.id", "enduser.id", "user.email", "user.name", "enduser.pseudo.id");
  const roles = attrStringList(a, "user.roles");
  return compact({
    // The contract requires an actor; a span without identity is stored under a marker that
    // source coverage counts as "no actor identity", never as a made-up person.
    id: clip(id ?? UNIDENTIFIED_ACTOR_ID, 256),
    name: clip(attrString(a, "user.name"), 256),
    email: clip(attrString(a, "user.email"), 320),
    roles: roles?.slice(0, LIMITS.roles).map((x) => cutString(x, 65)),
    // client.address is the caller only on the server side.
    ip: isClient ? undefined : clip(attrString(a, "client.address"), 64),
    user_agent: clip(attrString(a, "user_agent.original"), 512),
  });
}

/** Tool arguments arrive as a JSON string (or structured value); oversize ones are left out
 * and said so, rather than costing the whole event. Text is kept as text when it is not JSON,
 * or is JSON the contract cannot hold (numbers like 1e400, nesting past its depth). */
function setArguments(event: MappedEvent, raw: AttrValue | undefined): void {
  if (raw === undefined || raw === null) return;
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      const parsed: unknown = JSON.parse(raw);
      // Checked without recursion before JSON.stringify below meets a hostile depth.
      if (inspectEvent({ arguments: parsed }).ok) value = parsed;
    } catch {
      value = raw;
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? "");
  if (bytes > LIMITS.argumentsBytes) {
    event.labels["tooltrail.arguments_omitted"] =
      `gen_ai.tool.call.arguments is ${bytes} bytes; the limit is ${LIMITS.argumentsBytes}`;
    return;
  }
  event.arguments = value;
}

/** Unmapped attributes as labels, in the sender's order, within the contract's bounds. */
function addLabels(labels: Record<string, string>, a: Attributes): void {
  let dropped = 0;
  for (const [k, v] of a) {
    if (MAPPED.has(k) || v === null) continue;
    if (k.length > LIMITS.labelKeyChars || Object.keys(labels).length >= LIMITS.labels - 1) {
      dropped++;
      continue;
    }
    labels[k] = cutString(
      typeof v === "string" ? v : JSON.stringify(v),
      LIMITS.labelValueChars + 1,
    );
  }
  if (dropped > 0) labels["otel.attributes.dropped"] = String(dropped);
}

function setIf(event: MappedEvent, key: string, value: unknown): void {
  if (value !== undefined) event[key] = value;
}

function setObj(event: MappedEvent, key: string, value: Record<string, unknown>): void {
  const c = compact(value);
  if (Object.keys(c).length > 0) event[key] = c;
}

/** Adds a label while the contract's bound allows (one slot stays for the drop count). */
export function putLabel(labels: Record<string, string>, key: string, value: string): void {
  if (key in labels || Object.keys(labels).length < LIMITS.labels - 1)
    labels[key] = cutString(value, LIMITS.labelValueChars + 1);
}
