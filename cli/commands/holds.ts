import type { Config } from "../../lib/core/config";
import { runAdmin } from "../admin-client";
import { flags, required, timeFlag } from "../args";
import { CliError } from "../errors";
import { printJson, printTable, say } from "../output";

const HELP = `usage:
  tooltrail holds add --tenant <id> --reason "…" --by <who> [--from <time>] [--to <time>] [--json]
  tooltrail holds list --tenant <id> [--json]
  tooltrail holds release --tenant <id> --by <who> <hold-id> [--json]
  A legal hold keeps a period of a tenant's events (open-ended without --from or --to) out of
  retention until it is released. Times are ISO 8601 or ages like 90d.`;

export async function holdsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(
    argv,
    {
      tenant: { type: "string" },
      reason: { type: "string" },
      by: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
    },
    HELP,
  );
  const [sub, id] = positionals;
  const tenant = required(values.tenant, "tenant", HELP);
  if (sub === "add") {
    const from = timeFlag(values.from, "from");
    const to = timeFlag(values.to, "to");
    const hold = (await runAdmin(config, "holds.add", {
      tenant,
      reason: required(values.reason, "reason", HELP),
      by: required(values.by, "by", HELP),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    })) as { id: string };
    return values.json ? printJson(hold) : say(`legal hold ${hold.id} placed on tenant ${tenant}`);
  }
  if (sub === "list") {
    const rows = (await runAdmin(config, "holds.list", { tenant })) as Record<string, unknown>[];
    return values.json
      ? printJson(rows)
      : printTable(rows, ["id", "from", "to", "reason", "created_by", "released_at"]);
  }
  if (sub === "release") {
    if (!id) throw new CliError(`missing hold id\n\n${HELP}`, 2);
    const out = await runAdmin(config, "holds.release", {
      tenant,
      id,
      by: required(values.by, "by", HELP),
    });
    return values.json ? printJson(out) : say(`legal hold ${id} released`);
  }
  throw new CliError(HELP, 2);
}
