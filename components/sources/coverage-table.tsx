import { hyphenable } from "@/components/ui/breakable";
import { visible } from "@/components/ui/visible";
import {
  COVERAGE_FIELDS,
  COVERAGE_LABELS,
  percent,
  type SourceCoverageRow,
} from "@/lib/services/reads/sources";

export type SourceRow = SourceCoverageRow;

/** How full a share is: the cell's tone, so thin evidence stands out in a long table. */
function tone(share: number | null): string {
  if (share === null) return "muted";
  if (share >= 0.95) return "cov-good";
  if (share >= 0.5) return "cov-mid";
  return "cov-poor";
}

/**
 * One row per ingest key: events in the range, then each evidence field's fill rate. Sixteen
 * columns fit a 1440 px screen: headers wrap (long words with a soft hyphen, the whole label as a
 * tooltip) and the source's name and key id wrap in their column (app/globals.css, `.coverage`).
 */
export function CoverageTable({ sources }: { sources: SourceRow[] }) {
  return (
    <div className="table-wrap">
      <table className="data coverage" data-testid="coverage">
        <thead>
          <tr>
            <th>Source (ingest key)</th>
            <th>Events</th>
            {COVERAGE_FIELDS.map((f) => (
              <th key={f} title={COVERAGE_LABELS[f]}>
                {hyphenable(COVERAGE_LABELS[f])}
              </th>
            ))}
            <th title="OTLP spans: stored / dropped / rejected">
              OTLP spans: stored / dropped / rejected
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.key_id}>
              <td>
                <strong>{visible(s.key_name) ?? "(unnamed)"}</strong>{" "}
                <code className="small">{s.key_id}</code>
                {s.revoked ? <span className="small muted"> · revoked</span> : null}
              </td>
              <td>{s.events.toLocaleString("en-US")}</td>
              {COVERAGE_FIELDS.map((f) => (
                <td key={f} className={tone(s.fields[f].share)}>
                  {s.fields[f].share === null ? "–" : percent(s.fields[f].share)}
                </td>
              ))}
              <td className="small">
                {s.otlp
                  ? `${s.otlp.events} / ${s.otlp.dropped_spans} / ${s.otlp.rejected_spans} of ${s.otlp.spans}`
                  : "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
