import type { Store } from "../db/store/types";
import type { Config } from "../lib/core/config";

/**
 * What a person needs after `npm start`: where it runs and, until the first user exists, the next
 * steps. After that they are noise at every start, so a line pointing at the CLI's help replaces them.
 */
export function printBanner(o: {
  config: Config;
  url: string;
  store: Store;
  dashboard: boolean;
  /** No user exists yet: print the next steps. */
  firstRun: boolean;
  /** First run with the dashboard: the one-time link that creates the owner. */
  setupLink?: string | null;
}): void {
  const where =
    o.store.kind === "pglite"
      ? `embedded PGlite in ${o.config.dataDir}/pglite`
      : "PostgreSQL (DATABASE_URL)";
  const lines = [
    "",
    `Tooltrail is running at ${o.url}${o.dashboard ? "" : " (ingestion only, no dashboard)"}`,
    `  store: ${where}`,
    "",
    ...(o.firstRun
      ? nextSteps(o.url, o.setupLink ?? null)
      : [
          "`npx tooltrail --help` lists the commands (tenants, users, keys, events, verify, …).",
          "",
        ]),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

function nextSteps(url: string, setupLink: string | null): string[] {
  const setup = setupLink
    ? [
        "First run: no user exists yet. Open this one-time link (valid for 1 hour) to create your",
        "organisation and its owner, or use `npx tooltrail users create` (step 2 below):",
        `  ${setupLink}`,
        "",
      ]
    : [];
  return [
    ...setup,
    "Next steps, in another terminal (the CLI talks to this server while it runs):",
    "  1. a tenant:       npx tooltrail tenants create acme --name 'Acme Corp'",
    "  2. the first user: npx tooltrail users create --tenant acme --email you@example.com --role owner --password-stdin",
    "                     (asks for the password twice, without showing it)",
    "  3. an ingest key:  npx tooltrail keys create --tenant acme --name my-mcp-server",
    "  4. send an event (timestamped now, so the dashboard's default range shows it):",
    `     curl -X POST ${url}/api/v1/events -H "Authorization: Bearer <key>" -H 'Content-Type: application/json' \\`,
    `       -d '{"id":"evt-1","time":"'"$(date -u +%FT%TZ)"'","server":{"name":"files"},"tool":"read_file","actor":{"id":"alice"},"outcome":"ok"}'`,
    "  5. check it:       npx tooltrail events --tenant acme && npx tooltrail verify --tenant acme",
    "",
  ];
}
