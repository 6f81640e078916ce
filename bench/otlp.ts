import { ExportTraceServiceRequest } from "../ingest/otlp/otlp-proto";
import { type LoadResult, runLoad } from "./load-client";
import { syntheticEvent } from "./synthetic";

type AnyValue = { stringValue: string } | { intValue: number } | { boolValue: boolean };
const value = (v: string | number | boolean): AnyValue =>
  typeof v === "string"
    ? { stringValue: v }
    : typeof v === "number"
      ? { intValue: v }
      : { boolValue: v };

/**
 * The bench's synthetic calls as MCP server spans, so OTLP and the native API ingest the same
 * content: identity, client, agent, session, arguments (with the same secrets), outcome.
 */
function spanOf(run: string, i: number, baseMs: number) {
  const e = syntheticEvent(run, i, baseMs);
  const attrs: Record<string, string | number | boolean> = {
    "mcp.method.name": "tools/call",
    "gen_ai.tool.name": e.tool as string,
    "gen_ai.operation.name": "execute_tool",
    "mcp.server.name": e.server.name,
    "mcp.session.id": e.session_id as string,
    "mcp.client.name": e.client?.name as string,
    "mcp.protocol.version": "2025-06-18",
    "jsonrpc.request.id": i,
    "gen_ai.agent.id": e.agent?.id as string,
    "gen_ai.request.model": e.agent?.model as string,
    "gen_ai.tool.call.arguments": JSON.stringify(e.arguments),
    "user.id": e.actor.id,
    "user.email": e.actor.email as string,
    "client.address": e.actor.ip as string,
    "network.transport": "tcp",
  };
  if (e.outcome !== "ok") attrs["error.type"] = e.error?.type ?? "tool_error";
  const start = BigInt(baseMs + i) * 1_000_000n;
  // Distinct ids per run and index: hex of the run tag and the index.
  const tag = Buffer.from(run).toString("hex").padEnd(16, "0").slice(0, 16);
  return {
    traceId: Buffer.from(`${tag}${(i + 1).toString(16).padStart(16, "0")}`, "hex"),
    spanId: Buffer.from((i + 1).toString(16).padStart(16, "0"), "hex"),
    name: `tools/call ${e.tool}`,
    kind: 2,
    startTimeUnixNano: Number(start),
    endTimeUnixNano: Number(start + BigInt(e.duration_ms ?? 1) * 1_000_000n),
    attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: value(v) })),
    status: { code: e.outcome === "ok" ? 1 : 2 },
  };
}

/** Export requests of `perBody` spans each, encoded as OTLP protobuf. */
export function otlpBodies(
  run: string,
  total: number,
  perBody: number,
  baseMs: number,
): Uint8Array<ArrayBuffer>[] {
  const bodies: Uint8Array<ArrayBuffer>[] = [];
  for (let start = 0; start < total; start += perBody) {
    const spans = [];
    for (let i = start; i < Math.min(total, start + perBody); i++)
      spans.push(spanOf(run, i, baseMs));
    const req = {
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: "service.name", value: { stringValue: "mcp-gateway" } }],
          },
          scopeSpans: [{ spans }],
        },
      ],
    };
    const bytes = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject(req),
    ).finish();
    bodies.push(new Uint8Array(bytes));
  }
  return bodies;
}

/** Spans/s through OTLP/HTTP protobuf on a running server, after a short warm-up. */
export async function otlpPhase(o: {
  url: string;
  token: string;
  run: string;
  spans: number;
  concurrency: number;
}): Promise<LoadResult> {
  const common = {
    url: o.url,
    token: o.token,
    eventsPerBody: 100,
    concurrency: o.concurrency,
    contentType: "application/x-protobuf",
    okStatus: 200,
  };
  await runLoad({ ...common, bodies: otlpBodies(`w${o.run}`, 2_000, 100, Date.now() - 7_000_000) });
  return runLoad({ ...common, bodies: otlpBodies(o.run, o.spans, 100, Date.now() - 3_500_000) });
}
