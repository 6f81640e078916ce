import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

/**
 * Concurrent keep-alive clients that post pre-serialized batches and record acknowledgement
 * latency. Bodies are built and encoded before the clock starts, and requests go through
 * node:http rather than fetch (which cost 20 µs of CPU per event on the machine the server
 * shares), so the client's own work stays out of the server's figures.
 */
export type LoadResult = {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50ms: number;
  p99ms: number;
  statuses: Record<number, number>;
};

export async function runLoad(o: {
  url: string;
  token: string;
  bodies: (string | Uint8Array<ArrayBuffer>)[];
  eventsPerBody: number;
  concurrency: number;
  durationMs?: number;
  /** Defaults: NDJSON bodies, acknowledged with 202 (OTLP: protobuf or JSON, 200). */
  contentType?: string;
  okStatus?: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  let acked = 0;
  const deadline = o.durationMs ? performance.now() + o.durationMs : Number.POSITIVE_INFINITY;
  const bodies = o.bodies.map((b) => (typeof b === "string" ? Buffer.from(b) : b));
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const headers = {
    authorization: `Bearer ${o.token}`,
    "content-type": o.contentType ?? "application/x-ndjson",
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < bodies.length && performance.now() < deadline) {
        const body = bodies[next++] as Uint8Array;
        const t0 = performance.now();
        try {
          const status = await post(o.url, agent, headers, body);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === (o.okStatus ?? 202)) {
            acked += o.eventsPerBody;
            latencies.push(performance.now() - t0);
          }
        } catch {
          statuses[0] = (statuses[0] ?? 0) + 1;
        }
      }
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    events: acked,
    seconds,
    eventsPerSecond: acked / seconds,
    p50ms: pct(0.5),
    p99ms: pct(0.99),
    statuses,
  };
}

function post(
  url: string,
  agent: Agent,
  headers: Record<string, string>,
  body: Uint8Array,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": body.byteLength } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Peak and current resident memory of a process, from /proc (Linux). */
export function memoryOf(pid: number): { peakMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { peakMiB: kb("VmHWM") / 1024, rssMiB: kb("VmRSS") / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name, which may hold spaces: utime and stime are 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Linux reports /proc times in USER_HZ, 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;
