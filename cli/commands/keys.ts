import type { Config } from "../../lib/core/config";
import { runAdmin } from "../admin-client";
import { flags, intFlag, listFlag, required } from "../args";
import { CliError } from "../errors";
import { printJson, printTable, say } from "../output";

const HELP = `usage:
  tooltrail keys create --tenant <id> [--name <name>] [--servers a,b] [--rate <events/s>] [--burst <events>] [--json]
  tooltrail keys list --tenant <id> [--json]
  tooltrail keys revoke --tenant <id> <key id> [--json]`;

export async function keysCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(
    argv,
    {
      tenant: { type: "string" },
      name: { type: "string" },
      servers: { type: "string", multiple: true },
      rate: { type: "string" },
      burst: { type: "string" },
    },
    HELP,
  );
  const [sub, id] = positionals;
  const tenant = required(values.tenant, "tenant", HELP);
  if (sub === "create") {
    const k = (await runAdmin(config, "keys.create", {
      tenant,
      name: values.name,
      servers: listFlag(values.servers),
      ratePerSecond: intFlag(values.rate, "rate"),
      burst: intFlag(values.burst, "burst"),
    })) as { id: string; token: string };
    if (values.json) return printJson(k);
    say(`created ingest key ${k.id} for tenant ${tenant}`);
    say("Its secret is shown only now; store it in your event source's configuration:");
    say(`  ${k.token}`);
    return;
  }
  if (sub === "list") {
    const rows = (await runAdmin(config, "keys.list", { tenant })) as Record<string, unknown>[];
    if (values.json) return printJson(rows);
    return printTable(
      rows.map((r) => ({ ...r, servers: Array.isArray(r.servers) ? r.servers.join(",") : "any" })),
      ["id", "name", "servers", "rate_per_second", "created_at", "last_used_at", "revoked_at"],
    );
  }
  if (sub === "revoke") {
    if (!id) throw new CliError(`missing key id\n\n${HELP}`, 2);
    const r = await runAdmin(config, "keys.revoke", { tenant, id });
    return values.json ? printJson(r) : say(`revoked ingest key ${id}`);
  }
  throw new CliError(HELP, 2);
}
