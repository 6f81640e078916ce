import { request } from "node:http";
import { memoryOf } from "./load-client";
import { syntheticEvent } from "./synthetic";

/**
 * Held-open bodies against MAX_INFLIGHT_BODY_BYTES, the attack an external probe used: many
 * clients send a large body but its end (the last byte under Content-Length, the terminating
 * chunk when chunked) and hold the request open. Bodies the server buffers must stay within the
 * budget whatever the framing, so past it clients are answered 503 while they still hold.
 */
export type BodyFraming = "content-length" | "chunked";

export type BodyFloodResult = {
  /** Final status per framing: answered while holding (503) or after the body ended (202). */
  statuses: Record<BodyFraming, Record<number, number>>;
  /** Peak resident memory of the server process, read while every client holds. */
  peakMiB: number | null;
};

type Held = { sent: Promise<void>; finish(): Promise<number> };

/**
 * A valid one-event JSON array padded with whitespace to `bytes`: the server must buffer all of
 * it, and it is accepted when it ends.
 */
function paddedBody(i: number, bytes: number): { head: Buffer; tail: Buffer } {
  const event = JSON.stringify(syntheticEvent(`body-flood-${process.pid}-${Date.now()}`, i, 0));
  const head = Buffer.alloc(bytes - 1, " ");
  head.write(`[${event}`);
  return { head, tail: Buffer.from("]") };
}

function holdBody(url: string, token: string, framing: BodyFraming, i: number, bytes: number) {
  const { head, tail } = paddedBody(i, bytes);
  const headers: Record<string, string | number> = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
  };
  // Without a length node:http sends Transfer-Encoding: chunked.
  if (framing === "content-length") headers["content-length"] = bytes;
  let answered: number | null = null;
  const req = request(url, { method: "POST", agent: false, headers });
  const response = new Promise<number>((resolve) => {
    req.on("response", (res) => {
      answered = res.statusCode ?? 0;
      res.resume();
      res.on("end", () => resolve(answered ?? 0));
      res.on("error", () => resolve(answered ?? 0));
    });
    req.on("error", () => resolve(answered ?? 0));
  });
  const sent = new Promise<void>((resolve) => {
    req.write(head, () => resolve());
    // A client answered (503) or cut off before its body is flushed is done sending too.
    void response.then(() => resolve());
  });
  const held: Held = {
    sent,
    async finish() {
      if (answered === null && !req.destroyed) req.end(tail);
      return response;
    },
  };
  return held;
}

export async function bodyFlood(o: {
  url: string;
  token: string;
  framings: BodyFraming[];
  bodyBytes: number;
  serverPid: number;
}): Promise<BodyFloodResult> {
  const clients = o.framings.map((framing, i) => ({
    framing,
    held: holdBody(o.url, o.token, framing, i, o.bodyBytes),
  }));
  await Promise.all(clients.map((c) => c.held.sent));
  // Everything the server reads is in by now; give the last reads a moment before sampling.
  await new Promise((r) => setTimeout(r, 1000));
  const peakMiB = memoryOf(o.serverPid)?.peakMiB ?? null;
  const statuses: BodyFloodResult["statuses"] = { "content-length": {}, chunked: {} };
  for (const c of clients) {
    const status = await c.held.finish();
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
