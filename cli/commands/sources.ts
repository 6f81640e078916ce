import type { CoverageField } from "../../db/store/types";
import type { Config } from "../../lib/core/config";
import { percent, type SourceCoverageRow } from "../../lib/services/sources/source-coverage";
import { runAdmin } from "../admin-client";
import { flags, required, timeFlag } from "../args";
import { printJson, printTable, say } from "../output";

const HELP = `usage:
  tooltrail sources --tenant <id> [--from <time|age>] [--to <time|age>] [--json]
  Source coverage per ingest key: which evidence fields its events fill (share of events), the
  gaps worst first, and for OTLP sources the spans received, dropped as non-MCP and rejected.
  Times: ISO 8601 or ages like 24h, 7d (default: all time).`;

type Source = SourceCoverageRow;

/** Columns shown in the table; --json has every field. */
const SHOWN: [CoverageField, string][] = [
  ["actor_identity", "identity"],
  ["client", "client"],
  ["agent", "agent"],
  ["correlation", "correlation"],
  ["arguments", "args"],
  ["duration", "duration"],
  ["decision", "decision"],
];

export async function sourcesCommand(config: Config, argv: string[]): Promise<void> {
  const { values } = flags(
    argv,
    { tenant: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
    HELP,
  );
  const tenant = required(values.tenant, "tenant", HELP);
  const out = (await runAdmin(config, "sources.coverage", {
    tenant,
    from: timeFlag(values.from, "from"),
    to: timeFlag(values.to, "to"),
  })) as { sources: Source[] };
  if (values.json) return printJson(out);
  const share = (s: Source, f: CoverageField) => {
    const v = s.fields[f]?.share;
    return v === null || v === undefined ? "-" : percent(v);
  };
  printTable(
    out.sources.map((s) => ({
      key: s.key_id,
      name: `${s.key_name ?? "-"}${s.revoked ? " (revoked)" : ""}`,
      events: s.events,
      ...Object.fromEntries(SHOWN.map(([f, col]) => [col, share(s, f)])),
      spans: s.otlp?.spans ?? "-",
      dropped: s.otlp?.dropped_spans ?? "-",
      rejected: s.otlp?.rejected_spans ?? "-",
      last_event: s.last_time ?? "-",
    })),
    [
      "key",
      "name",
      "events",
      ...SHOWN.map(([, col]) => col),
      "spans",
      "dropped",
      "rejected",
      "last_event",
    ],
  );
  const withGaps = out.sources.filter((s) => s.gaps.length > 0);
  if (withGaps.length > 0) say("");
  for (const s of withGaps) {
    say(`${s.key_id}${s.key_name ? ` (${s.key_name})` : ""}:`);
    for (const g of s.gaps) say(`  ${g.text}`);
  }
}
