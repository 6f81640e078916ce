import type { Config } from "../../lib/config";
import { runAdmin } from "../admin-client";
import { flags } from "../args";
import { CliError } from "../errors";
import { printJson, printTable, say } from "../output";

const HELP = `usage:
  tooltrail tenants create <id> [--name "Display name"] [--json]
  tooltrail tenants list [--json]`;

export async function tenantsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(argv, { name: { type: "string" } }, HELP);
  const [sub, id] = positionals;
  if (sub === "create") {
    if (!id) throw new CliError(`missing tenant id\n\n${HELP}`, 2);
    const t = await runAdmin(config, "tenants.create", { id, name: values.name });
    return values.json ? printJson(t) : say(`created tenant ${id}`);
  }
  if (sub === "list") {
    const rows = (await runAdmin(config, "tenants.list", {})) as Record<string, unknown>[];
    return values.json
      ? printJson(rows)
      : printTable(rows, ["id", "name", "created_at", "legal_hold"]);
  }
  throw new CliError(HELP, 2);
}
