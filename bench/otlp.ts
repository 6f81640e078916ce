import { ExportTraceServiceRequest } from "../ingest/otlp/otlp-proto";
import { type LoadResult, runLoad } from "./load-client";
import { ndjsonBodies, syntheticEvent } from "./synthetic";

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

/**
 * Spans/s through OTLP/HTTP protobuf versus events/s through the native API for the same calls,
 * on one running server. Rounds alternate (native, OTLP, native, …) so that load from other
 * processes on a shared machine falls on both alike; the medians are compared.
 */
export async function otlpPhase(o: {
  otlpUrl: string;
  nativeUrl: string;
  token: string;
  run: string;
  spans: number;
  concurrency: number;
  rounds?: number;
}): Promise<{ otlp: LoadResult; native: LoadResult; ratio: number }> {
  const rounds = o.rounds ?? 3;
  const per = Math.ceil(o.spans / rounds);
  const base = { token: o.token, eventsPerBody: 100, concurrency: o.concurrency };
  const otlp = (run: string, n: number, ageMs: number) =>
    runLoad({
      ...base,
      url: o.otlpUrl,
      bodies: otlpBodies(run, n, 100, Date.now() - ageMs),
      contentType: "application/x-protobuf",
      okStatus: 200,
    });
  const native = (run: string, n: number, ageMs: number) =>
    runLoad({ ...base, url: o.nativeUrl, bodies: ndjsonBodies(run, n, 100, Date.now() - ageMs) });
  await otlp(`w${o.run}`, 2_000, 7_000_000);
  const results: { otlp: LoadResult[]; native: LoadResult[] } = { otlp: [], native: [] };
  for (let r = 0; r < rounds; r++) {
    results.native.push(await native(`n${r}${o.run}`, per, 3_500_000 + r * 100_000));
    results.otlp.push(await otlp(`o${r}${o.run}`, per, 3_500_000 + r * 100_000));
  }
  const median = (xs: LoadResult[]) =>
    [...xs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[
      Math.floor(xs.length / 2)
    ] as LoadResult;
  const m = { otlp: median(results.otlp), native: median(results.native) };
  return { ...m, ratio: m.otlp.eventsPerSecond / m.native.eventsPerSecond };
}
