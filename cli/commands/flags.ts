import type { FlagRecord } from "../../db/store/detection-types";
import { FLAG_STATUSES } from "../../db/store/detection-types";
import type { Config } from "../../lib/core/config";
import { RULE_IDS, SEVERITIES } from "../../lib/detect/types";
import { runAdmin } from "../admin-client";
import { flags, intFlag, listFlag, required } from "../args";
import { CliError } from "../errors";
import { jsonForTerminal, printTable, say } from "../output";

const HELP = `usage:
  tooltrail flags list --tenant <id> [--status open,acknowledged] [--rule r,…] [--severity s,…] [--limit N] [--offset N] [--json]
  Prints a tenant's anomaly flags, most recently seen first: rule, subject, severity, status, the
  episode's window, the observed and baseline figures, and the ids of the evidence events
  (--json: one JSON line per flag, with every field). Reading flags is audited (flags.list).
  statuses: ${FLAG_STATUSES.join(", ")}
  severities: ${SEVERITIES.join(", ")}
  rules: ${RULE_IDS.join(", ")}`;

type Flag = Omit<FlagRecord, "start" | "end"> & { start: string; end: string };

export async function flagsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(
    argv,
    {
      tenant: { type: "string" },
      status: { type: "string", multiple: true },
      rule: { type: "string", multiple: true },
      severity: { type: "string", multiple: true },
      limit: { type: "string" },
      offset: { type: "string" },
    },
    HELP,
  );
  if (positionals[0] !== "list" || positionals.length > 1) throw new CliError(HELP, 2);
  const status = listFlag(values.status);
  const rule = listFlag(values.rule);
  const severity = listFlag(values.severity);
  const limit = intFlag(values.limit, "limit");
  const offset = intFlag(values.offset, "offset");
  const out = (await runAdmin(config, "flags.list", {
    tenant: required(values.tenant, "tenant", HELP),
    ...(status ? { status } : {}),
    ...(rule ? { rule } : {}),
    ...(severity ? { severity } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(offset !== undefined ? { offset } : {}),
  })) as { rows: Flag[]; total: number };
  if (values.json) {
    process.stdout.write(out.rows.map((f) => `${jsonForTerminal(f)}\n`).join(""));
    return;
  }
  printTable(
    out.rows.map((f) => ({
      id: f.id,
      severity: f.severity,
      status: f.active ? f.status : `${f.status} (ended)`,
      rule: f.rule,
      subject: `${f.subjectKind} ${f.subjectLabel}`,
      window: `${f.start} → ${f.end}`,
      observed: figures(f.observed),
      baseline: f.baseline ? figures(f.baseline) : "-",
      evidence: evidence(f.evidence),
    })),
    ["id", "severity", "status", "rule", "subject", "window", "observed", "baseline", "evidence"],
  );
  say(`${out.rows.length} of ${out.total} flags`);
}

function figures(f: Record<string, number>): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

/** The first ids and how many more: all of them are in --json. */
function evidence(ids: readonly string[]): string {
  const shown = ids.slice(0, 3).join(",");
  return ids.length > 3 ? `${shown} (+${ids.length - 3})` : shown || "-";
}
