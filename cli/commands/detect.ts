import type { Config } from "../../lib/core/config";
import type { TenantRun } from "../../lib/detect/run-tenant";
import { runAdmin } from "../admin-client";
import { flags } from "../args";
import { CliError } from "../errors";
import { jsonForTerminal, say } from "../output";

const HELP = `usage:
  tooltrail detect run [--tenant <id>] [--json]
  Brings anomaly detection up to date now: every tenant, or the one named. Events younger than
  60 s are left for the next run (they may still be arriving). The server does this itself every
  DETECTION_INTERVAL_SECONDS; this command is for an external scheduler (cron) or a check.
  Prints per tenant the window evaluated, the events in it, and the flags created, updated and
  ended (--json: one JSON line per tenant).`;

export async function detectCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(argv, { tenant: { type: "string" } }, HELP);
  if (positionals[0] !== "run" || positionals.length > 1) throw new CliError(HELP, 2);
  const runs = (await runAdmin(config, "detection.run", {
    ...(values.tenant ? { tenant: values.tenant } : {}),
  })) as TenantRun[];
  if (values.json) {
    process.stdout.write(runs.map((r) => `${jsonForTerminal(r)}\n`).join(""));
    return;
  }
  if (runs.length === 0) return say("no tenants");
  for (const r of runs) say(describeRun(r));
}

export function describeRun(r: TenantRun): string {
  const window = r.window ? `${r.window.from} → ${r.window.to}` : "no new window";
  const lines = [
    `${r.tenant}: ${window}, ${r.events} events, flags: ${r.created} created, ${r.updated} updated, ${r.ended} ended${r.caughtUp ? "" : " (not caught up yet: run again)"}`,
  ];
  if (r.backfilled > 0) lines.push(`  learned from ${r.backfilled} stored events (backfill)`);
  if (r.notifications > 0) lines.push(`  ${r.notifications} notifications queued`);
  for (const e of r.errors) lines.push(`  rule ${e.rule} skipped: ${e.message}`);
  return lines.join("\n");
}
