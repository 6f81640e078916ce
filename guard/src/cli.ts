import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ApprovalQueue } from "./approval-queue";
import { Guard } from "./guard";
import { PolicyHolder } from "./policy/holder";
import { loadPolicyFile, PolicyError } from "./policy/load";
import type { Identity } from "./policy/schema";

export const GUARD_HELP = `usage:
  tooltrail guard --policy policy.yaml [options] -- <command> <args…>   stdio proxy
  tooltrail guard --policy policy.yaml [options] --upstream https://…   Streamable HTTP proxy
  tooltrail guard --policy policy.yaml --check                          validate a policy
  tooltrail guard approvals | approve <id> | reject <id> [--by <name>]  held calls (clients
                       without elicitation); same --state-dir as the proxy

options:
  --url <url>          Tooltrail base URL (env TOOLTRAIL_URL), e.g. http://localhost:3000
  --key <key>          ingest key tt_… (env TOOLTRAIL_KEY; prefer the environment)
  --state-dir <dir>    tool pins and the event buffer (env TOOLTRAIL_GUARD_STATE,
                       default ~/.tooltrail/guard)
  --server-name <n>    the server's name in events (default: the policy's, else the server's own)
  --actor <id>         stdio caller identity (env TOOLTRAIL_GUARD_ACTOR; default: the policy's)
  --roles <a,b>        roles of that caller (env TOOLTRAIL_GUARD_ROLES)
  --port <n>           HTTP proxy port (default 8787)      --host <addr>  (default 127.0.0.1)
  --buffer-max-mb <n>  bound of the on-disk event buffer (default 256)
  --revocations-interval <s>  how often to pull this server's revocation list from Tooltrail
                       (env TOOLTRAIL_GUARD_REVOCATIONS_INTERVAL; default: the policy's
                       revocations.pull_interval_s, 30)
  --instance <id>      this Guard's name in Tooltrail (env TOOLTRAIL_GUARD_INSTANCE; default:
                       generated once per state directory)

The policy file is reloaded when it changes and on SIGHUP; an invalid edit keeps the previous
policy. See guard/README.md.`;

/** A mistake the person running the command can fix; printed without a stack trace. */
export class GuardUsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export async function guardMain(argv: string[]): Promise<void> {
  if (argv[0] === "approvals" || argv[0] === "approve" || argv[0] === "reject")
    return approvalsCommand(argv[0], argv.slice(1));
  const dash = argv.indexOf("--");
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const command = dash >= 0 ? argv.slice(dash + 1) : [];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: own,
      strict: true,
      allowPositionals: false,
      options: {
        policy: { type: "string" },
        check: { type: "boolean" },
        upstream: { type: "string" },
        url: { type: "string" },
        key: { type: "string" },
        "state-dir": { type: "string" },
        "server-name": { type: "string" },
        actor: { type: "string" },
        roles: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "buffer-max-mb": { type: "string" },
        "revocations-interval": { type: "string" },
        instance: { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (err) {
    throw new GuardUsageError(`${(err as Error).message}\n\n${GUARD_HELP}`);
  }
  if (values.help) {
    process.stdout.write(`${GUARD_HELP}\n`);
    return;
  }
  const policyFile = values.policy as string | undefined;
  if (!policyFile) throw new GuardUsageError(`missing --policy\n\n${GUARD_HELP}`);
  const log = (m: string) => process.stderr.write(`tooltrail-guard: ${m}\n`);
  if (values.check) {
    const p = await loadPolicyFile(policyFile).catch(asUsage);
    process.stdout.write(
      `policy ${p.id} is valid: ${p.rules.length} rules, ${Object.keys(p.tools).length} tools\n`,
    );
    return;
  }
  const holder = await PolicyHolder.fromFile(policyFile, log).catch(asUsage);
  if (command.length > 0 === (values.upstream !== undefined))
    throw new GuardUsageError(
      `give either -- <command> <args…> or --upstream <url>\n\n${GUARD_HELP}`,
    );
  const url = (values.url as string | undefined) ?? process.env.TOOLTRAIL_URL;
  const key = (values.key as string | undefined) ?? process.env.TOOLTRAIL_KEY;
  if (!url || !key)
    throw new GuardUsageError(
      "set TOOLTRAIL_URL and TOOLTRAIL_KEY (or --url and --key): Guard records every call in Tooltrail",
    );
  const bufferMb = Number(values["buffer-max-mb"] ?? 256);
  if (!Number.isFinite(bufferMb) || bufferMb <= 0)
    throw new GuardUsageError("--buffer-max-mb must be a positive number");
  const intervalText =
    (values["revocations-interval"] as string | undefined) ??
    process.env.TOOLTRAIL_GUARD_REVOCATIONS_INTERVAL;
  const intervalS = intervalText === undefined ? undefined : Number(intervalText);
  if (intervalS !== undefined && !(Number.isFinite(intervalS) && intervalS >= 0.1))
    throw new GuardUsageError("--revocations-interval must be a number of seconds, at least 0.1");
  holder.watch();
  const stateDir = (values["state-dir"] as string | undefined) ?? defaultStateDir();
  const actor = (values.actor as string | undefined) ?? process.env.TOOLTRAIL_GUARD_ACTOR;
  const roles = ((values.roles as string | undefined) ?? process.env.TOOLTRAIL_GUARD_ROLES ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const identity: Identity | undefined = actor ? { id: actor, type: "user", roles } : undefined;
  const guard = new Guard({
    policy: holder,
    stateDir,
    serverName: values["server-name"] as string | undefined,
    identity,
    tooltrail: { url, key, maxBufferBytes: bufferMb * 1024 * 1024 },
    instance: (values.instance as string | undefined) ?? process.env.TOOLTRAIL_GUARD_INSTANCE,
    revocations: intervalS === undefined ? {} : { pullIntervalMs: intervalS * 1000 },
    log,
  });
  if (command.length > 0) {
    if (!identity && !holder.current.policy.identity)
      throw new GuardUsageError(
        "no identity for stdio callers: set identity in the policy, --actor, or TOOLTRAIL_GUARD_ACTOR",
      );
    const { runStdioProxy } = await import("./stdio-proxy");
    await runStdioProxy(guard, command[0] as string, command.slice(1)).catch(asUsage);
    return;
  }
  const port = Number(values.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new GuardUsageError("--port must be 0-65535");
  const { startHttpProxy } = await import("./http-proxy");
  const proxy = await startHttpProxy(guard, {
    upstream: values.upstream as string,
    port,
    host: (values.host as string | undefined) ?? "127.0.0.1",
  }).catch(asUsage);
  log(`guarding ${values.upstream} on ${proxy.url}/mcp`);
  await new Promise<void>((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM"] as const)
      process.once(
        sig,
        () =>
          void proxy
            .close()
            .then(() => guard.close())
            .then(resolve),
      );
  });
}

function defaultStateDir(): string {
  return process.env.TOOLTRAIL_GUARD_STATE ?? join(homedir(), ".tooltrail", "guard");
}

async function approvalsCommand(
  verb: "approvals" | "approve" | "reject",
  argv: string[],
): Promise<void> {
  const parsed = (() => {
    try {
      return parseArgs({
        args: argv,
        strict: true,
        allowPositionals: true,
        options: { "state-dir": { type: "string" }, by: { type: "string" } },
      });
    } catch (err) {
      throw new GuardUsageError(`${(err as Error).message}\n\n${GUARD_HELP}`);
    }
  })();
  const queue = new ApprovalQueue(parsed.values["state-dir"] ?? defaultStateDir());
  if (verb === "approvals") {
    const pending = queue.list();
    if (pending.length === 0) process.stdout.write("no calls are waiting for approval\n");
    for (const p of pending)
      process.stdout.write(
        `${p.id}  ${terminalSafe(p.server)}/${terminalSafe(p.tool)} by ${terminalSafe(p.actor)}, until ${p.expires_at}\n    ${terminalSafe(JSON.stringify(p.arguments ?? {}).slice(0, 2000))}\n`,
      );
    return;
  }
  const id = parsed.positionals[0];
  if (!id)
    throw new GuardUsageError(
      `usage: tooltrail guard ${verb} <id> [--by <name>] [--state-dir <dir>]`,
    );
  const by = parsed.values.by ?? process.env.USER ?? "unknown";
  if (!queue.decide(id, verb === "approve" ? "approved" : "rejected", by))
    throw new GuardUsageError(
      `no call ${terminalSafe(id)} is waiting for approval (see tooltrail guard approvals)`,
      1,
    );
  process.stdout.write(`${verb === "approve" ? "approved" : "rejected"} ${id}\n`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Held arguments are agent-controlled: never let them drive the terminal. */
function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function asUsage(err: unknown): never {
  if (err instanceof PolicyError) throw new GuardUsageError(err.message, 2);
  if (err instanceof GuardUsageError) throw err;
  throw new GuardUsageError((err as Error).message, 1);
}
