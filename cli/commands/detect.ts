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

const MAX_CALLS = 500;

export async function detectCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(argv, { tenant: { type: "string" } }, HELP);
  if (positionals[0] !== "run" || positionals.length > 1) throw new CliError(HELP, 2);
  // Bounded calls until every tenant has caught up: each stays short through the server's endpoint.
  const runs = new Map<string, TenantRun>();
  let pending = true;
  // Bounded too: a tenant whose traffic outruns evaluation is reported as not caught up.
  for (let call = 0; pending && call < MAX_CALLS; call++) {
    const step = (await runAdmin(config, "detection.run", {
      ...(values.tenant ? { tenant: values.tenant } : {}),
    })) as TenantRun[];
    for (const r of step) runs.set(r.tenant, merge(runs.get(r.tenant), r));
    pending = step.some((r) => !r.caughtUp);
  }
  print([...runs.values()], values.json === true);
}

function merge(a: TenantRun | undefined, b: TenantRun): TenantRun {
  if (!a) return b;
  const window =
    a.window && b.window ? { from: a.window.from, to: b.window.to } : (b.window ?? a.window);
  const errors = new Map([...a.errors, ...b.errors].map((e) => [e.rule, e]));
  return {
    tenant: b.tenant,
    window,
    events: a.events + b.events,
    created: a.created + b.created,
    updated: a.updated + b.updated,
    ended: a.ended + b.ended,
    backfilled: a.backfilled + b.backfilled,
    notifications: a.notifications + b.notifications,
    errors: [...errors.values()],
    caughtUp: b.caughtUp,
  };
}

function print(runs: TenantRun[], json: boolean): void {
  if (json) {
    process.stdout.write(runs.map((r) => `${jsonForTerminal(r)}\n`).join(""));
    return;
  }
  if (runs.length === 0) {
    say("no tenants");
    return;
  }
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
