import { type BodyFraming, holdBody, paddedBody } from "../test/fixtures/held-body";
import { memoryOf } from "./load-client";
import { syntheticEvent } from "./synthetic";

/**
 * Held-open bodies against MAX_INFLIGHT_BODY_BYTES, the attack an external probe used: many
 * clients send a large body but its end (the last byte under Content-Length, the terminating
 * chunk when chunked) and hold the request open. Bodies the server buffers must stay within the
 * budget whatever the framing, so past it clients are answered 503 while they still hold.
 */
export type BodyFloodResult = {
  /** Final status per framing: answered while holding (503) or after the body ended (202). */
  statuses: Record<BodyFraming, Record<number, number>>;
  /** Peak resident memory of the server process, read while every client holds. */
  peakMiB: number | null;
};

export async function bodyFlood(o: {
  url: string;
  token: string;
  framings: BodyFraming[];
  bodyBytes: number;
  serverPid: number;
}): Promise<BodyFloodResult> {
  // One body for every client (the event is stored once, the others count as duplicates), so
  // the load client does not hold hundreds of copies.
  const body = paddedBody(syntheticEvent(`body-flood-${process.pid}`, 0, Date.now()), o.bodyBytes);
  const clients = o.framings.map((framing) => ({
    framing,
    held: holdBody({ url: o.url, token: o.token, framing, ...body }),
  }));
  await Promise.all(clients.map((c) => c.held.sent));
  // Everything the server reads is in by now; give the last reads a moment before sampling.
  await new Promise((r) => setTimeout(r, 1000));
  const peakMiB = memoryOf(o.serverPid)?.peakMiB ?? null;
  const statuses: BodyFloodResult["statuses"] = { "content-length": {}, chunked: {} };
  for (const c of clients) {
    const { status } = await c.held.finish();
    const byStatus = statuses[c.framing];
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return { statuses, peakMiB };
}

/** The probe's scenarios, each on a fresh server so its peak RSS is its own. */
export const BODY_FLOOD_SCENARIOS: { name: string; framings: BodyFraming[] }[] = [
  { name: "60 Content-Length", framings: Array(60).fill("content-length") },
  { name: "60 chunked", framings: Array(60).fill("chunked") },
  {
    name: "30 Content-Length + 30 chunked",
    framings: Array.from({ length: 60 }, (_, i) => (i % 2 ? "chunked" : "content-length")),
  },
  { name: "200 chunked", framings: Array(200).fill("chunked") },
];

export function formatBodyFlood(name: string, r: BodyFloodResult): string {
  const part = (f: BodyFraming) =>
    Object.keys(r.statuses[f]).length ? `${f} ${JSON.stringify(r.statuses[f])}` : null;
  return `  held-open 15 MB bodies, ${name}: ${[part("content-length"), part("chunked")]
    .filter(Boolean)
    .join(", ")}; peak RSS ${r.peakMiB?.toFixed(0)} MiB`;
}
