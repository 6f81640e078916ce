import type { Config } from "../../lib/core/config";
import type { ViewSummary } from "../../lib/services/views/view-common";
import { runAdmin } from "../admin-client";
import { flags, required } from "../args";
import { CliError } from "../errors";
import { jsonForTerminal, printTable, say } from "../output";

const HELP = `usage:
  tooltrail views list --tenant <id> [--json]
  Lists the explorer's shared saved views of a tenant (private views stay their creators'): id,
  name, who saved it, when it last changed, and its explorer parameters (query, range, filters,
  sort). Run one with: tooltrail events --tenant <id> --view <name|id>
  (--json: one JSON line per view). In the dashboard: /<tenant>/views/<id> opens a view.`;

export async function viewsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(argv, { tenant: { type: "string" } }, HELP);
  if (positionals[0] !== "list" || positionals.length > 1) throw new CliError(HELP, 2);
  const out = (await runAdmin(config, "views.list", {
    tenant: required(values.tenant, "tenant", HELP),
  })) as { views: ViewSummary[] };
  if (values.json) {
    process.stdout.write(out.views.map((v) => `${jsonForTerminal(v)}\n`).join(""));
    return;
  }
  printTable(
    out.views.map((v) => ({
      id: v.id,
      name: v.name,
      visibility: v.visibility,
      owner: v.owner,
      updated: v.updatedAt,
      explorer: [...new URLSearchParams(v.query)].map(([k, x]) => `${k}=${x}`).join(" "),
    })),
    ["id", "name", "visibility", "owner", "updated", "explorer"],
  );
  say(`${out.views.length} saved view${out.views.length === 1 ? "" : "s"}`);
}
