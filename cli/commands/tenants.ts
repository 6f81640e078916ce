import type { Config } from "../../lib/core/config";
import { runAdmin } from "../admin-client";
import { flags, intFlag } from "../args";
import { CliError } from "../errors";
import { printJson, printTable, say } from "../output";

const HELP = `usage:
  tooltrail tenants create <id> [--name "Display name"] [--json]
  tooltrail tenants list [--json]
  tooltrail tenants update <id> [--retention-days <N>|none] [--legal-hold on|off] [--json]`;

export async function tenantsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(
    argv,
    {
      name: { type: "string" },
      "retention-days": { type: "string" },
      "legal-hold": { type: "string" },
    },
    HELP,
  );
  const [sub, id] = positionals;
  if (sub === "create") {
    if (!id) throw new CliError(`missing tenant id\n\n${HELP}`, 2);
    const t = await runAdmin(config, "tenants.create", { id, name: values.name });
    return values.json ? printJson(t) : say(`created tenant ${id}`);
  }
  if (sub === "update") {
    if (!id) throw new CliError(`missing tenant id\n\n${HELP}`, 2);
    const days = values["retention-days"];
    const hold = values["legal-hold"];
    if (hold !== undefined && hold !== "on" && hold !== "off")
      throw new CliError(`--legal-hold takes on or off, got ${hold}`, 2);
    const t = await runAdmin(config, "tenants.update", {
      id,
      ...(days !== undefined
        ? { retention_days: days === "none" ? null : intFlag(days, "retention-days") }
        : {}),
      ...(hold !== undefined ? { legal_hold: hold === "on" } : {}),
    });
    return values.json ? printJson(t) : say(`updated tenant ${id}: ${JSON.stringify(t)}`);
  }
  if (sub === "list") {
    const rows = (await runAdmin(config, "tenants.list", {})) as Record<string, unknown>[];
    return values.json
      ? printJson(rows)
      : printTable(rows, ["id", "name", "created_at", "retention_days", "legal_hold"]);
  }
  throw new CliError(HELP, 2);
}
