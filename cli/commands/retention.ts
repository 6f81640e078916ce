import type { Config } from "../../lib/core/config";
import type { RetentionOutcome } from "../../lib/retention/run-retention";
import { runAdmin } from "../admin-client";
import { flags } from "../args";
import { CliError } from "../errors";
import { printJson, say } from "../output";

const HELP = `usage: tooltrail retention run [--tenant <id>] [--dry-run] [--json]
  Removes each tenant's events older than its retention period (tooltrail tenants update <id>
  --retention-days N), whole sealed batches at a time, from the oldest; nothing under a legal
  hold (tooltrail holds) goes. Every removal is first written as a signed retention record, which
  \`tooltrail verify\` accounts for. Schedule it daily (cron, systemd timer).`;

export async function retentionCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(
    argv,
    { tenant: { type: "string" }, "dry-run": { type: "boolean" } },
    HELP,
  );
  if (positionals[0] !== "run") throw new CliError(HELP, 2);
  const out = (await runAdmin(config, "retention.run", {
    ...(values.tenant ? { tenant: values.tenant } : {}),
    dry_run: values["dry-run"] ?? false,
  })) as RetentionOutcome[];
  if (values.json) return printJson(out);
  const verb = values["dry-run"] ? "would remove" : "removed";
  for (const r of out) {
    if (r.skipped) {
      say(`tenant ${r.tenant}: skipped (${r.skipped})`);
      continue;
    }
    const events = r.chains.reduce((n, c) => n + c.removed_events, 0);
    say(`tenant ${r.tenant}: ${verb} ${events} events older than ${r.cutoff}`);
    for (const c of r.chains)
      say(
        `  chain ${c.writer_id}: batches #${c.from_seq}-#${c.through_seq}, ${c.removed_events} events`,
      );
    if (r.holds && r.holds.length > 0) say(`  kept under legal hold: ${r.holds.join(", ")}`);
  }
}
