import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { parsePolicy, protect } from "@tooltrail/guard";
import { z } from "zod";

/**
 * `npm run bench:guard`: per-call latency of a trivial tool called directly and through Guard,
 * in the same run: in-process (plain vs middleware) and over stdio (the server spawned directly
 * vs behind `tooltrail guard`). Events are shipped to a local endpoint that answers 202, so the
 * figures include building, redacting and batching every event but not Tooltrail's own work.
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const WARMUP = 300;
const POLICY = `
version: 1
id: bench
identity: { id: bench, roles: [b] }
rules: [{ id: all, effect: allow, roles: [b], tools: ["*"] }]
`;

function trivialServer(): McpServer {
  const s = new McpServer({ name: "bench", version: "1" });
  s.registerTool("add", { inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
    content: [{ type: "text", text: String(a + b) }],
  }));
  return s;
}

if (process.argv.includes("--serve")) {
  await trivialServer().connect(new StdioServerTransport());
} else {
  await main();
}

type Result = { name: string; p50: number; p99: number; rate: number };

async function measure(name: string, client: Client): Promise<Result> {
  for (let i = 0; i < WARMUP; i++)
    await client.callTool({ name: "add", arguments: { a: i, b: 1 } });
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const s = performance.now();
    await client.callTool({ name: "add", arguments: { a: i, b: 2 } });
    times.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  times.sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { name, p50: at(0.5), p99: at(0.99), rate: (CALLS / total) * 1000 };
}

async function inProcess(guarded: boolean, sink: string): Promise<Client> {
  const server = trivialServer();
  if (guarded)
    protect(server, {
      policy: parsePolicy(POLICY),
      tooltrail: { url: sink, key: "tt_bench" },
      log: () => {},
    });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(a);
  return client;
}

async function overStdio(args: string[], env: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args,
      env: { ...process.env, ...env } as Record<string, string>,
    }),
  );
  return client;
}

async function main(): Promise<void> {
  let received = 0;
  const sink = createServer((req, res) => {
    // Guard's revocation pulls, policy registration and heartbeats are not events.
    if (req.url !== "/api/v1/events") {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    req.on("data", (c: Buffer) => {
      for (const b of c) if (b === 10) received++;
    });
    req.on("end", () => {
      received++;
      res.writeHead(202, { "content-type": "application/json" }).end('{"accepted":1}');
    });
  });
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), "bench-guard-"));
  writeFileSync(join(dir, "policy.yaml"), POLICY);
  const self = new URL(import.meta.url).pathname;
  const runTs = join(process.cwd(), "bin", "run-ts.mjs");
  const cli = join(process.cwd(), "bin", "tooltrail.mjs");
  console.log(`bench:guard: ${CALLS} sequential calls per mode after ${WARMUP} warm-up calls\n`);

  const results: Result[] = [];
  for (const [name, make] of [
    ["direct (in-process)", () => inProcess(false, sinkUrl)],
    ["middleware (in-process)", () => inProcess(true, sinkUrl)],
    ["direct (stdio)", () => overStdio([runTs, self, "--serve"])],
    [
      "stdio proxy",
      () =>
        overStdio(
          [
            cli,
            "guard",
            "--policy",
            join(dir, "policy.yaml"),
            "--state-dir",
            dir,
            "--",
            process.execPath,
            runTs,
            self,
            "--serve",
          ],
          {
            TOOLTRAIL_URL: sinkUrl,
            TOOLTRAIL_KEY: "tt_bench",
          },
        ),
    ],
  ] as const) {
    const client = await make();
    results.push(await measure(name, client));
    await client.close();
  }
  const base = (r: Result) => (r.name.includes("stdio") ? results[2] : results[0]) as Result;
  console.log(
    "mode                       p50 ms   p99 ms   calls/s   added p50 (vs direct, same transport)",
  );
  for (const r of results) {
    const added =
      r === base(r)
        ? "baseline"
        : `+${(r.p50 - base(r).p50).toFixed(3)} ms (${(r.p50 / base(r).p50).toFixed(2)}x)`;
    console.log(
      `${r.name.padEnd(26)} ${r.p50.toFixed(3).padStart(6)}  ${r.p99.toFixed(3).padStart(7)}  ${r.rate.toFixed(0).padStart(8)}   ${added}`,
    );
  }
  const expected = 2 * (CALLS + WARMUP + 1); // every call, plus initialize, in both guarded modes
  console.log(`\nevents received by the sink: ${received} (expected ${expected})`);
  sink.close();
  rmSync(dir, { recursive: true, force: true });
}
