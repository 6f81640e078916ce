import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../../test/fixtures/ports";
import { startTooltrail, storedEvents } from "../../test/tooltrail";
import type { Guard, GuardOptions } from "../guard";
import { protect } from "../middleware";
import { parsePolicy } from "../policy/load";

const POLICY = parsePolicy(`
version: 1
id: p
identity: { id: ops, roles: [ops] }
tools:
  payout: { sensitive: true }
logging: { timeout_ms: 300 }
rules: [{ id: all, effect: allow, roles: [ops], tools: ["*"] }]
`);

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function guarded(
  options: Omit<GuardOptions, "policy">,
): Promise<{ client: Client; guard: Guard }> {
  const server = new McpServer({ name: "ops", version: "1" });
  server.registerTool("ping_host", {}, async () => ({ content: [{ type: "text", text: "pong" }] }));
  server.registerTool("payout", {}, async () => ({ content: [{ type: "text", text: "paid" }] }));
  const guard = protect(server, { policy: POLICY, ...options });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "c", version: "1" });
  await client.connect(a);
  cleanup.push(() => client.close());
  return { client, guard };
}

describe("shipping while Tooltrail is unreachable", () => {
  it("buffers on disk, survives a Guard restart, and delivers every event exactly once", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dir = mkdtempSync(join(tmpdir(), "guard-outage-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));

    // Tooltrail is down: calls still work, nothing waits on the endpoint.
    const first = await guarded({
      tooltrail: { url, key: "tt_pending", flushMs: 10 },
      stateDir: dir,
    });
    const ids: string[] = [];
    first.guard.options.onEvent = (e) => ids.push(e.id);
    for (let i = 0; i < 40; i++)
      expect((await first.client.callTool({ name: "ping_host" })).content).toEqual([
        { type: "text", text: "pong" },
      ]);
    // A sensitive (fail-closed) call goes through too: its event is durable on disk.
    expect((await first.client.callTool({ name: "payout" })).content).toEqual([
      { type: "text", text: "paid" },
    ]);
    await first.guard.close(200);
    expect(
      readdirSync(join(dir, "buffer")).filter((f) => f.endsWith(".ndjson")).length,
    ).toBeGreaterThan(0);

    // A new Guard process on the same state directory makes more calls, still offline.
    const tt = await startTooltrail({ INGEST_PORT: String(port) }).catch(() => null);
    expect(tt).not.toBeNull();
    if (!tt) return;
    cleanup.push(() => tt.harness.stop());
    const second = await guarded({ tooltrail: { url, key: tt.key, flushMs: 10 }, stateDir: dir });
    second.guard.options.onEvent = (e) => ids.push(e.id);
    for (let i = 0; i < 10; i++) await second.client.callTool({ name: "ping_host" });
    expect(await second.guard.shipper?.drain(Date.now() + 20_000)).toBe(true);
    await second.guard.close();

    const stored = (await storedEvents(tt.harness, tt.tenant)).filter(
      (e) => e.method === "tools/call",
    );
    expect(stored.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(new Set(stored.map((e) => e.id)).size).toBe(51);
    expect(readdirSync(join(dir, "buffer")).filter((f) => f.endsWith(".ndjson"))).toEqual([]);
  });

  it("re-sending a batch Tooltrail already stored creates no duplicate", async () => {
    const tt = await startTooltrail();
    cleanup.push(() => tt.harness.stop());
    const dir = mkdtempSync(join(tmpdir(), "guard-dup-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const { client, guard } = await guarded({
      tooltrail: { url: tt.url, key: tt.key, flushMs: 10 },
      stateDir: dir,
    });
    const lines: string[] = [];
    guard.options.onEvent = (e) => lines.push(JSON.stringify(e));
    for (let i = 0; i < 5; i++) await client.callTool({ name: "ping_host" });
    await guard.shipper?.drain();
    // As if the 202 had been lost: the same batch replayed from the buffer.
    const { DiskBuffer } = await import("./disk-buffer");
    new DiskBuffer(join(dir, "buffer"), 1e6).write(lines);
    await guard.close();
    const stored = (await storedEvents(tt.harness, tt.tenant)).filter(
      (e) => e.method === "tools/call",
    );
    expect(stored).toHaveLength(5);
  });

  it("fail-closed: a sensitive result is withheld when its event cannot be recorded", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { client, guard } = await guarded({
      tooltrail: { url, key: "k", bufferDir: null, flushMs: 10 },
    });
    cleanup.push(() => guard.close(100));
    await expect(client.callTool({ name: "payout" })).rejects.toThrow(
      /result withheld: the audit event could not be recorded and this tool is fail-closed/,
    );
    // Non-sensitive tools fail open: the call is not held up by the outage.
    expect((await client.callTool({ name: "ping_host" })).content).toEqual([
      { type: "text", text: "pong" },
    ]);
  });
});
