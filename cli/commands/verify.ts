import type { Config } from "../../lib/core/config";
import type { VerifyReport } from "../../lib/services/integrity/verify-tenant";
import { runAdmin } from "../admin-client";
import { flags, required } from "../args";
import { CliError, EXIT } from "../errors";
import { printJson, say } from "../output";

const HELP = `usage: tooltrail verify --tenant <id> [--json]
  Recomputes the tenant's tamper-evident chains from the stored events and names every event
  that was altered, deleted or inserted. Exit code 0 when intact, 3 when anything is wrong.`;

export async function verifyCommand(config: Config, argv: string[]): Promise<void> {
  const { values } = flags(argv, { tenant: { type: "string" } }, HELP);
  const tenant = required(values.tenant, "tenant", HELP);
  const report = (await runAdmin(config, "verify", { tenant })) as VerifyReport;
  if (values.json) printJson(report);
  else {
    const events = report.chains.reduce((n, c) => n + c.events, 0);
    const batches = report.chains.reduce((n, c) => n + c.batches, 0);
    say(
      `tenant ${tenant}: ${events} events in ${batches} batches across ${report.chains.length} writer chain(s)`,
    );
    for (const c of report.chains)
      say(`  chain ${c.writer_id}: head #${c.head_seq} ${c.head_hash}`);
    if (report.ok)
      say("verified: every stored event matches its sealed batch, and every chain is unbroken");
    for (const f of report.findings) {
      say(
        `  ${f.kind.toUpperCase()}${f.event_id ? ` event ${f.event_id}` : ""} (writer ${f.writer_id}, batch #${f.seq}): ${f.detail}`,
      );
    }
    if (report.truncated) say("  … more findings were not listed");
  }
  if (!report.ok)
    throw new CliError(
      `integrity check failed: ${report.findings.length} finding(s)`,
      EXIT.tampered,
    );
}
