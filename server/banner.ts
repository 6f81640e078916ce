import type { Store } from "../db/store/types";
import type { Config } from "../lib/core/config";

/** What a person needs after `npm start`: where it runs, and the next three commands. */
export function printBanner(o: {
  config: Config;
  url: string;
  store: Store;
  dashboard: boolean;
  /** First run (no user yet): the one-time link that creates the owner. */
  setupLink?: string | null;
}): void {
  const where =
    o.store.kind === "pglite"
      ? `embedded PGlite in ${o.config.dataDir}/pglite`
      : "PostgreSQL (DATABASE_URL)";
  const setup = o.setupLink
    ? [
        "First run: no user exists yet. Open this one-time link (valid for 1 hour) to create your",
        "organisation and its owner, or use `npx tooltrail users create` (step 2 below):",
        `  ${o.setupLink}`,
        "",
      ]
    : [];
  const lines = [
    "",
    `Tooltrail is running at ${o.url}${o.dashboard ? "" : " (ingestion only, no dashboard)"}`,
    `  store: ${where}`,
    "",
    ...setup,
    "Next steps, in another terminal (the CLI talks to this server while it runs):",
    "  1. a tenant:       npx tooltrail tenants create acme --name 'Acme Corp'",
    "  2. the first user: npx tooltrail users create --tenant acme --email you@example.com --role owner --password '…'",
    "  3. an ingest key:  npx tooltrail keys create --tenant acme --name my-mcp-server",
    "  4. send an event:",
    `     curl -X POST ${o.url}/api/v1/events -H "Authorization: Bearer <key>" -H 'Content-Type: application/json' \\`,
    `       -d '{"id":"evt-1","time":"${new Date().toISOString()}","server":{"name":"files"},"tool":"read_file","actor":{"id":"alice"},"outcome":"ok"}'`,
    "  5. check it:       npx tooltrail events --tenant acme && npx tooltrail verify --tenant acme",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
