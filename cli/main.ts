import { loadConfig } from "../lib/core/config";
import { asksForHelp, HelpRequested } from "./args";
import { outputClosed, watchClosedOutput } from "./closed-output";
import { cliFailure } from "./errors";
import { safeForTerminal } from "./output";

const SERVERS = ["serve", "ingest-server"];

type Command = (config: ReturnType<typeof loadConfig>, argv: string[]) => Promise<void>;

/**
 * Every command with its line in `tooltrail --help`: one table, so a command cannot be added
 * without its help line, and cli/help.test.ts (which runs each listed command with --help) covers it.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: {
    summary: "run dashboard + ingestion in one process (what `npm start` runs)",
    load: async () => (await import("./commands/serve")).serveCommand,
  },
  "ingest-server": {
    summary: "run the standalone ingest server (PostgreSQL only)",
    load: async () => (await import("./commands/serve")).ingestServerCommand,
  },
  migrate: {
    summary: "apply schema migrations",
    load: async () => (await import("./commands/migrate")).migrateCommand,
  },
  tenants: {
    summary: "create | list | update (retention period, legal hold)",
    load: async () => (await import("./commands/tenants")).tenantsCommand,
  },
  holds: {
    summary: "legal holds on periods of a tenant's events",
    load: async () => (await import("./commands/holds")).holdsCommand,
  },
  retention: {
    summary: "run the retention job",
    load: async () => (await import("./commands/retention")).retentionCommand,
  },
  keys: {
    summary: "create | list | revoke ingest keys",
    load: async () => (await import("./commands/keys")).keysCommand,
  },
  users: {
    summary: "create dashboard users",
    load: async () => (await import("./commands/users")).usersCommand,
  },
  events: {
    summary: "print stored events as NDJSON",
    load: async () => (await import("./commands/events")).eventsCommand,
  },
  verify: {
    summary: "check the tamper-evident chain of a tenant",
    load: async () => (await import("./commands/verify")).verifyCommand,
  },
  sources: {
    summary: "source coverage: which evidence fields each ingest key fills",
    load: async () => (await import("./commands/sources")).sourcesCommand,
  },
  views: {
    summary: "list a tenant's shared saved views of the explorer (run one: events --view)",
    load: async () => (await import("./commands/views")).viewsCommand,
  },
  detect: {
    summary: "run anomaly detection now (the server runs it every minute)",
    load: async () => (await import("./commands/detect")).detectCommand,
  },
  flags: {
    summary: "list a tenant's anomaly flags with their figures and evidence ids",
    load: async () => (await import("./commands/flags")).flagsCommand,
  },
  reviews: {
    summary: "access review campaigns: create | start | entries | decide | complete | export",
    load: async () => (await import("./commands/reviews")).reviewsCommand,
  },
  demo: {
    summary: "send realistic synthetic traffic through the ingestion endpoint",
    load: async () => (await import("./commands/demo")).demoCommand,
  },
  guard: {
    summary: "protect an MCP server: policy, redaction and an event per call (stdio or HTTP)",
    load: async () => (await import("./commands/guard")).guardCommand,
  },
};

const HELP = `tooltrail — audit trail for AI agents' MCP tool calls

usage: tooltrail <command> [options]     (add --help to any command, --json for scripts)

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`)
  .join("\n")}

Configuration comes from the environment (DATA_DIR, DATABASE_URL, PORT, …); see README.md.
Exit codes: 0 ok, 1 failed, 2 usage, 3 tampering found, 4 store or server unavailable.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command: ${safeForTerminal(name)}\n\n${HELP}\n`);
    return 2;
  }
  // Servers shut down on a closed output themselves (server/closed-output.ts).
  if (!SERVERS.includes(name)) watchClosedOutput();
  // Usage needs no configuration: a broken environment must not hide the help that explains it.
  // The command's parser answers `--help` before it reads the configuration (cli/args.ts).
  const config = asksForHelp(rest) ? loadConfig({}) : loadConfig();
  await (await command.load())(config, rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Servers keep running; one-shot commands exit when their work is done.
    if (code !== 0 || !SERVERS.includes(process.argv[2] ?? ""))
      process.exitCode = outputClosed() ? 141 : code;
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
