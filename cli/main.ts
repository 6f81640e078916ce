import { loadConfig } from "../lib/core/config";
import { asksForHelp, HelpRequested } from "./args";
import { cliFailure } from "./errors";
import { safeForTerminal } from "./output";

const HELP = `tooltrail — audit trail for AI agents' MCP tool calls

usage: tooltrail <command> [options]     (add --help to any command, --json for scripts)

  serve            run dashboard + ingestion in one process (what \`npm start\` runs)
  ingest-server    run the standalone ingest server (PostgreSQL only)
  migrate          apply schema migrations
  tenants          create | list | update (retention period, legal hold)
  holds            legal holds on periods of a tenant's events
  retention        run the retention job
  keys             create | list | revoke ingest keys
  users            create dashboard users
  events           print stored events as NDJSON
  verify           check the tamper-evident chain of a tenant
  sources          source coverage: which evidence fields each ingest key fills
  demo             send realistic synthetic traffic through the ingestion endpoint
  guard            protect an MCP server: policy, redaction and an event per call (stdio or HTTP)

Configuration comes from the environment (DATA_DIR, DATABASE_URL, PORT, …); see README.md.
Exit codes: 0 ok, 1 failed, 2 usage, 3 tampering found, 4 store or server unavailable.`;

const COMMANDS: Record<
  string,
  () => Promise<(config: ReturnType<typeof loadConfig>, argv: string[]) => Promise<void>>
> = {
  serve: async () => (await import("./commands/serve")).serveCommand,
  "ingest-server": async () => (await import("./commands/serve")).ingestServerCommand,
  migrate: async () => (await import("./commands/migrate")).migrateCommand,
  tenants: async () => (await import("./commands/tenants")).tenantsCommand,
  keys: async () => (await import("./commands/keys")).keysCommand,
  holds: async () => (await import("./commands/holds")).holdsCommand,
  retention: async () => (await import("./commands/retention")).retentionCommand,
  users: async () => (await import("./commands/users")).usersCommand,
  events: async () => (await import("./commands/events")).eventsCommand,
  verify: async () => (await import("./commands/verify")).verifyCommand,
  sources: async () => (await import("./commands/sources")).sourcesCommand,
  demo: async () => (await import("./commands/demo")).demoCommand,
  guard: async () => (await import("./commands/guard")).guardCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`unknown command: ${safeForTerminal(name)}\n\n${HELP}\n`);
    return 2;
  }
  // Usage needs no configuration: a broken environment must not hide the help that explains it.
  // The command's parser answers `--help` before it reads the configuration (cli/args.ts).
  const config = asksForHelp(rest) ? loadConfig({}) : loadConfig();
  await (await load())(config, rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Servers keep running; one-shot commands exit when their work is done.
    if (code !== 0 || !["serve", "ingest-server"].includes(process.argv[2] ?? ""))
      process.exitCode = code;
  },
  (err: unknown) => {
    // `--help` on any command ends here, raised by the parser before the command did anything.
    if (err instanceof HelpRequested) {
      process.stdout.write(`${err.usage}\n`);
      process.exitCode = 0;
      return;
    }
    const { code, message, unexpected } = cliFailure(err);
    if (unexpected && process.env.TOOLTRAIL_DEBUG)
      process.stderr.write(`${(err as Error).stack}\n`);
    process.stderr.write(`tooltrail: ${safeForTerminal(message)}\n`);
    process.exitCode = code;
  },
);
