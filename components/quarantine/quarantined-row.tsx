import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { QuarantinePage } from "@/lib/services/reads/quarantine";

type QuarantinedEvent = QuarantinePage["rows"][number];

/** One rejected event: its id, where it came from, the reasons, and the raw text as received. */
export function QuarantinedRow({ q, tz }: { q: QuarantinedEvent; tz: "utc" | "local" }) {
  return (
    <section className="panel" data-testid="quarantined">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <strong style={{ overflowWrap: "anywhere" }}>{visible(q.eventId) ?? "(no id)"}</strong>
        <span className="small muted">
          <Time iso={q.receivedAt} tz={tz} /> · key <code>{q.ingestKeyId}</code> · request{" "}
          <code>{q.requestId.slice(0, 8)}</code> #{q.eventIndex} · {q.rawBytes} bytes
        </span>
      </div>
      <ul className="small" style={{ margin: "8px 0" }}>
        {q.errors.map((e) => (
          <li key={`${e.path}:${e.message}`}>
            <code>{visible(e.path) || "(event)"}</code> {visible(e.message)}
          </li>
        ))}
      </ul>
      <details>
        <summary className="small" style={{ cursor: "pointer" }}>
          Raw content
        </summary>
        <pre className="json" style={{ marginTop: 8 }}>
          {q.raw.length > 4096
            ? `${visible(q.raw.slice(0, 4096))}… (${q.raw.length - 4096} more characters)`
            : visible(q.raw)}
        </pre>
      </details>
    </section>
  );
}
