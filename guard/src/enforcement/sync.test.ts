import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTooltrail } from "../../test/tooltrail";
import type { Guard } from "../guard";
import { protect } from "../middleware";
import { PolicyHolder } from "../policy/holder";
import { policyHash } from "./sync";

/**
 * Guard's conversation with a real Tooltrail, in process: the policy registered at start and
 * again after a reload (closing the first version), heartbeats recording the version it
 * enforces, the list pulled with its ETag, and a key limited to another server refused without
 * disturbing the calls.
 */
const dir = mkdtempSync(join(tmpdir(), "guard-sync-"));
const policyFile = join(dir, "policy.yaml");
const policy = (extra = "") => `version: 1
id: sync-policy
server: { name: notes }
identity: { id: alice, roles: [dev] }
rules:
  - { id: dev, effect: allow, roles: [dev], tools: ["*"] }
${extra}`;
let tt: Awaited<ReturnType<typeof startTooltrail>>;
const closers: (() => Promise<unknown>)[] = [];

async function guarded(
  key: string,
  instance: string,
): Promise<{ guard: Guard; client: Client; holder: PolicyHolder }> {
  const holder = await PolicyHolder.fromFile(policyFile);
  const server = new McpServer({ name: "notes", version: "1" });
  server.registerTool("echo", {}, async () => ({ content: [{ type: "text", text: "hi" }] }));
  const guard = protect(server, {
    policy: holder,
    tooltrail: { url: tt.url, key, flushMs: 10 },
    stateDir: join(dir, instance),
    instance,
    revocations: { pullIntervalMs: 200, heartbeatMs: 200 },
    log: () => {},
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "c", version: "1" });
  await client.connect(a);
  closers.push(
    () => client.close(),
    () => guard.close(),
  );
  return { guard, client, holder };
}

beforeAll(async () => {
  writeFileSync(policyFile, policy());
  tt = await startTooltrail();
}, 60_000);
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => {});
  await tt?.harness.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("Guard and Tooltrail", () => {
  it("registers its policy at start and after a reload, and reports its list version", async () => {
    const { guard, holder } = await guarded(tt.key, "inst-a");
    const access = tt.harness.store.forTenant(tt.tenant).guardAccess;
    const first = await eventually(
      async () => (await access.listPolicyVersions({ server: "notes" }))[0],
    );
    expect(first).toMatchObject({ instance: "inst-a", hash: policyHash(holder.current.policy) });

    writeFileSync(policyFile, policy("rate_limits: { per_user: { limit: 100 } }"));
    expect(await holder.reload()).toEqual({ ok: true });
    const versions = await eventually(async () => {
      const v = await access.listPolicyVersions({ server: "notes" });
      return v.length === 2 && v;
    });
    expect(versions[0]?.effectiveTo).toEqual(versions[1]?.effectiveFrom);
    expect(versions[1]).toMatchObject({
      hash: policyHash(holder.current.policy),
      effectiveTo: null,
    });

    const revocation = await access.issueRevocation({
      id: "rev-sync",
      principal: "bob",
      server: "notes",
      tools: [],
      campaignId: "c",
      campaignName: "C",
      entryId: "e",
      reviewerUserId: "u",
      reason: "r",
      createdAt: new Date(),
    });
    await eventually(async () => guard.revocations.version === revocation.listVersion);
    const saved = JSON.parse(readFileSync(join(dir, "inst-a", "revocations.json"), "utf8"));
    expect(saved).toMatchObject({ server: "notes", version: 1, etag: '"v1"' });
    const beat = await eventually(async () => {
      const [i] = await access.listGuardInstances("notes");
      return i?.listVersion === 1 && i;
    });
    expect(beat).toMatchObject({ instance: "inst-a", policyHash: versions[1]?.hash });
    // bob is revoked everywhere on this server; the dry run says so, and Tooltrail confirms it.
    await eventually(async () => (await access.getRevocation("rev-sync"))?.status === "enforced");
    // …and Guard stops reporting it once the answer says so.
    await eventually(async () => guard.sync?.status().pending_confirmation === 0);
    expect(guard.sync?.status()).toMatchObject({ list_version: 1, offline: null });
  });

  it("keeps serving calls when its key may not speak for this server", async () => {
    const scoped = await tt.harness.tenantWithKey(tt.tenant, { servers: ["other"] });
    const { guard, client } = await guarded(scoped, "inst-b");
    expect((await client.callTool({ name: "echo" })).content).toEqual([
      { type: "text", text: "hi" },
    ]);
    await eventually(async () => guard.sync?.status().offline?.includes("HTTP 403"));
    expect(guard.revocations.version).toBe(0);
  });

  it("denies a call revoked before it started, from its very first call", async () => {
    await tt.harness.store.forTenant(tt.tenant).guardAccess.issueRevocation({
      id: "rev-early",
      principal: "alice",
      server: "notes",
      tools: ["echo"],
      campaignId: "c-early",
      campaignName: "Early",
      entryId: "e",
      reviewerUserId: "u",
      reason: "gone",
      createdAt: new Date(),
    });
    const { client } = await guarded(tt.key, "inst-c");
    await expect(client.callTool({ name: "echo" })).rejects.toThrow(
      /access revoked by review campaign "Early" \(c-early\): gone/,
    );
  });
});
