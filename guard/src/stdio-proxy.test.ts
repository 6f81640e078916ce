import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../../test/fixtures/tooltrail-process";
import { eventually, startTooltrail, storedEvents } from "../test/tooltrail";

/**
 * The real @modelcontextprotocol/server-filesystem behind `tooltrail guard -- …`, driven by the
 * official SDK client, with every event checked in a real Tooltrail.
 */
const FS_SERVER = createRequire(import.meta.url).resolve(
  "@modelcontextprotocol/server-filesystem/dist/index.js",
);

const root = realpathSync(mkdtempSync(join(tmpdir(), "guard-stdio-")));
const data = join(root, "data");
const state = join(root, "state");
let tt: Awaited<ReturnType<typeof startTooltrail>>;
let guarded: Client;
let direct: Client;

const policy = () => `
version: 1
id: fs-policy
server: { name: filesystem }
tools:
  read_text_file: { classification: confidential }
  list_directory: { rate_limit: { limit: 2, window_s: 60 } }
  write_file: { sensitive: true, approval: true }
rules:
  - id: read-data
    effect: allow
    roles: [engineer]
    tools: [read_text_file, list_directory, get_file_info]
    where:
      path: { prefix: ["${data}"] }
  - { id: list-roots, effect: allow, roles: [engineer], tools: [list_allowed_directories] }
  - id: write-drafts
    effect: allow
    roles: [engineer]
    tools: [write_file]
    where:
      path: { prefix: ["${data}/drafts"] }
`;

let approve = true;

async function connect(args: string[], env: Record<string, string> = {}): Promise<Client> {
  const client = new Client(
    { name: "stdio-test", version: "1.0.0" },
    { capabilities: { elicitation: {} } },
  );
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    expect(req.params.message).toMatch(/approve the call to "write_file"/);
    return approve ? { action: "accept", content: { approve: true } } : { action: "decline" };
  });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args,
      env: { ...process.env, ...env } as Record<string, string>,
      stderr: "pipe",
    }),
  );
  return client;
}

beforeAll(async () => {
  mkdirSync(join(data, "drafts"), { recursive: true });
  writeFileSync(join(data, "notes.txt"), "meeting at noon\n");
  writeFileSync(
    join(data, "config.env"),
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nowner=bob@example.org\n",
  );
  writeFileSync(join(root, "outside.txt"), "not for agents\n");
  writeFileSync(join(root, "policy.yaml"), policy());
  tt = await startTooltrail();
  guarded = await connect(
    [
      CLI,
      "guard",
      "--policy",
      join(root, "policy.yaml"),
      "--state-dir",
      state,
      "--",
      process.execPath,
      FS_SERVER,
      root,
    ],
    {
      TOOLTRAIL_URL: tt.url,
      TOOLTRAIL_KEY: tt.key,
      TOOLTRAIL_GUARD_ACTOR: "alice",
      TOOLTRAIL_GUARD_ROLES: "engineer",
    },
  );
  direct = await connect([FS_SERVER, root]);
}, 60_000);

afterAll(async () => {
  await guarded?.close();
  await direct?.close();
  await tt?.harness.stop();
  rmSync(root, { recursive: true, force: true });
});

const text = (r: Awaited<ReturnType<Client["callTool"]>>) =>
  (r.content as { text: string }[])[0]?.text;

describe("stdio proxy in front of @modelcontextprotocol/server-filesystem", () => {
  it("lists the same tools and answers allowed calls exactly like the server itself", async () => {
    const [a, b] = await Promise.all([guarded.listTools(), direct.listTools()]);
    expect(a.tools).toEqual(b.tools);
    const args = { name: "read_text_file", arguments: { path: join(data, "notes.txt") } };
    expect(await guarded.callTool(args)).toEqual(await direct.callTool(args));
  });

  it("refuses calls outside the policy with MCP errors, including path traversal", async () => {
    await expect(
      guarded.callTool({ name: "write_file", arguments: { path: join(data, "x"), content: "x" } }),
    ).rejects.toThrow(/denied by policy fs-policy, rule default-deny/);
    await expect(
      guarded.callTool({ name: "read_text_file", arguments: { path: `${data}/../outside.txt` } }),
    ).rejects.toThrow(/denied/);
    // The server itself would have served it: the refusal is Guard's.
    expect(
      text(
        await direct.callTool({
          name: "read_text_file",
          arguments: { path: `${data}/../outside.txt` },
        }),
      ),
    ).toBe("not for agents\n");
  });

  it("rejects arguments that break the tool's own schema", async () => {
    await expect(
      guarded.callTool({
        name: "read_text_file",
        arguments: { path: join(data, "notes.txt"), head: "ten" },
      }),
    ).rejects.toThrow(/invalid arguments for read_text_file: head: must be number/);
  });

  it("rate limits", async () => {
    await guarded.callTool({ name: "list_directory", arguments: { path: data } });
    await guarded.callTool({ name: "list_directory", arguments: { path: data } });
    await expect(
      guarded.callTool({ name: "list_directory", arguments: { path: data } }),
    ).rejects.toThrow(/rate limited/);
  });

  it("redacts secrets and personal data in file contents before the agent sees them", async () => {
    const r = text(
      await guarded.callTool({
        name: "read_text_file",
        arguments: { path: join(data, "config.env") },
      }),
    );
    expect(r).toBe("AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key]\nowner=[REDACTED:email]\n");
  });

  it("holds a write until the client's user approves it through elicitation", async () => {
    const write = {
      name: "write_file",
      arguments: { path: join(data, "drafts", "a.txt"), content: "draft" },
    };
    approve = true;
    expect(text(await guarded.callTool(write))).toMatch(/Successfully wrote/);
    expect(readFileSync(join(data, "drafts", "a.txt"), "utf8")).toBe("draft");
    approve = false;
    await expect(
      guarded.callTool({ ...write, arguments: { ...write.arguments, content: "nope" } }),
    ).rejects.toThrow(/not approved/);
    expect(readFileSync(join(data, "drafts", "a.txt"), "utf8")).toBe("draft");
  });

  it("records every call in Tooltrail with the right fields", async () => {
    const events = await eventually(async () => {
      const e = (await storedEvents(tt.harness, tt.tenant)).filter(
        (x) => x.method === "tools/call",
      );
      return e.length === 10 && e;
    });
    const by = (tool: string, outcome: string) =>
      events.filter((e) => e.tool === tool && e.outcome === outcome);
    expect(by("read_text_file", "ok")).toHaveLength(2);
    expect(by("write_file", "denied")).toHaveLength(2);
    expect(by("read_text_file", "denied")[0]?.decision).toMatchObject({
      verdict: "deny",
      rule_id: "default-deny",
    });
    expect(by("read_text_file", "invalid")[0]?.validation?.errors).toEqual([
      "head: must be number",
    ]);
    expect(by("list_directory", "rate_limited")).toHaveLength(1);
    const secret = events.find((e) => e.tool === "read_text_file" && e.redactions?.length);
    expect(secret).toMatchObject({
      server: { name: "filesystem" },
      actor: { id: "alice", roles: ["engineer"], auth: "none" },
      client: { name: "stdio-test" },
      data_classification: "restricted",
      decision: { verdict: "allow", policy_id: "fs-policy", rule_id: "read-data" },
    });
    expect(secret?.arguments).toEqual({ path: join(data, "config.env") });
    expect(by("write_file", "ok")[0]?.approval).toMatchObject({ status: "approved", by: "alice" });
    expect(
      by("write_file", "denied")
        .map((e) => e.approval?.status ?? "none")
        .sort(),
    ).toEqual(["none", "rejected"]);
    for (const e of events) expect(e.session_id).toBe(events[0]?.session_id);
  });
});
