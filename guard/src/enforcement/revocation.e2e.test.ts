import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Revocation } from "../../../db/store/types";
import { can } from "../../../lib/auth/permissions";
import type { TenantCtx } from "../../../lib/services/context";
import { issueRevocation } from "../../../lib/services/revocations/issue";
import { CLI } from "../../../test/fixtures/tooltrail-process";
import { eventually, startTooltrail } from "../../test/tooltrail";

/**
 * The enforcement loop with real parts: the real @modelcontextprotocol/server-memory behind
 * `tooltrail guard -- …` (a separate process), driven by the official SDK client, against a real
 * Tooltrail. A call is allowed; an access review revokes that principal's tool; within Guard's
 * pull interval the same call is denied with a reason naming the campaign; the revocation is
 * enforced with that denied call's event as proof. Then Tooltrail goes away and Guard restarts:
 * the revocation still holds, from Guard's state directory.
 */
const MEMORY_SERVER = createRequire(import.meta.url).resolve(
  "@modelcontextprotocol/server-memory/dist/index.js",
);
const root = mkdtempSync(join(tmpdir(), "guard-revoke-"));
const state = join(root, "state");
const policyFile = join(root, "policy.yaml");
let tt: Awaited<ReturnType<typeof startTooltrail>>;
let url: string;
const clients: Client[] = [];

async function guarded(): Promise<Client> {
  const client = new Client({ name: "revocation-e2e", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [
        CLI,
        "guard",
        "--policy",
        policyFile,
        "--state-dir",
        state,
        "--revocations-interval",
        "1",
        "--",
        process.execPath,
        MEMORY_SERVER,
      ],
      env: {
        ...process.env,
        TOOLTRAIL_URL: url,
        TOOLTRAIL_KEY: tt.key,
        TOOLTRAIL_GUARD_ACTOR: "alice",
        TOOLTRAIL_GUARD_ROLES: "engineer",
        MEMORY_FILE_PATH: join(root, "memory.jsonl"),
      } as Record<string, string>,
      stderr: "pipe",
    }),
  );
  clients.push(client);
  return client;
}

const entity = (name: string) => ({
  name: "create_entities",
  arguments: { entities: [{ name, entityType: "person", observations: ["met at the review"] }] },
});

beforeAll(async () => {
  writeFileSync(
    policyFile,
    `version: 1
id: memory-policy
server: { name: memory }
rules:
  - { id: engineers, effect: allow, roles: [engineer], tools: ["*"] }
`,
  );
  tt = await startTooltrail();
  url = tt.url;
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await tt?.harness.stop().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

describe("a revoke from an access review, enforced by Guard in front of server-memory", () => {
  let revocation: Revocation;

  it("denies the revoked call within the pull interval, naming the campaign, with proof", async () => {
    const client = await guarded();
    const ok = await client.callTool(entity("Ada"));
    expect(ok.isError).toBeFalsy();

    // Guard registered the policy it runs.
    const access = tt.harness.store.forTenant(tt.tenant).guardAccess;
    const [version] = await eventually(async () => {
      const v = await access.listPolicyVersions({ server: "memory" });
      return v.length > 0 && v;
    });
    expect(version).toMatchObject({
      server: "memory",
      effectiveTo: null,
      document: { id: "memory-policy" },
    });

    const tenant = await tt.harness.store.admin.getTenant(tt.tenant);
    if (!tenant) throw new Error("no tenant");
    const ctx: TenantCtx = {
      store: tt.harness.store,
      actor: { kind: "user", userId: "reviewer-1", email: "r@acme.test", auth: "session" },
      audit: async () => {},
      now: () => new Date(),
      tenant,
      data: tt.harness.store.forTenant(tt.tenant),
      can: (p) => can("compliance_officer", p),
    };
    revocation = await issueRevocation({
      ctx,
      input: {
        principal: "alice",
        server: "memory",
        tools: ["create_entities"],
        campaignId: "camp-q1",
        campaignName: "Q1 agent access",
        entryId: "entry-7",
        reason: "alice no longer writes to the knowledge graph",
      },
    });
    const issuedAt = Date.now();

    const denial = await eventually(async () => {
      try {
        await client.callTool(entity("Grace"));
        return false;
      } catch (err) {
        return (err as Error).message;
      }
    }, 10_000);
    // Within the 1 s interval (plus a round trip and this loop's own calls).
    expect(Date.now() - issuedAt).toBeLessThan(5_000);
    expect(denial).toMatch(
      /access revoked by review campaign "Q1 agent access" \(camp-q1\): alice no longer writes/,
    );
    // Only the revoked tool: the rest of alice's access is untouched.
    expect((await client.callTool({ name: "read_graph", arguments: {} })).isError).toBeFalsy();

    const done = await eventually(async () => {
      const r = await access.getRevocation(revocation.id);
      return r?.status === "enforced" && r.proofEventId !== null && r;
    }, 15_000);
    expect(done.confirmedBy).toMatch(/\S/);
    expect(done.confirmedAt?.getTime()).toBeGreaterThanOrEqual(revocation.createdAt.getTime());
    const proof = await (await tt.harness.stored())
      .forTenant(tt.tenant)
      .getEvent(done.proofEventId ?? "");
    expect(proof).toMatchObject({
      tool: "create_entities",
      outcome: "denied",
      actor: { id: "alice" },
      server: { name: "memory", instance: done.confirmedBy },
      decision: { verdict: "deny", rule_id: `revocation:${revocation.id}` },
      labels: {
        "guard.revocation": revocation.id,
        "guard.revocation_list": String(revocation.listVersion),
      },
    });
    expect(proof?.decision?.reason).toMatch(/Q1 agent access/);
    const [instance] = await access.listGuardInstances("memory");
    expect(instance).toMatchObject({
      instance: done.confirmedBy,
      listVersion: revocation.listVersion,
    });
    await client.close();
  }, 60_000);

  it("keeps the revocation across a Guard restart while Tooltrail is down", async () => {
    expect(existsSync(join(state, "revocations.json"))).toBe(true);
    expect(JSON.parse(readFileSync(join(state, "revocations.json"), "utf8"))).toMatchObject({
      server: "memory",
      version: revocation.listVersion,
    });
    await tt.harness.stop();
    const client = await guarded();
    await expect(client.callTool(entity("Linus"))).rejects.toThrow(
      /access revoked by review campaign "Q1 agent access" \(camp-q1\)/,
    );
    expect(
      (await client.callTool({ name: "search_nodes", arguments: { query: "Ada" } })).isError,
    ).toBeFalsy();
  }, 60_000);
});
