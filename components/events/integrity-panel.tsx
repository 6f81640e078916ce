import type { BatchStatus } from "@/lib/queries/integrity";

/** The integrity of the batch holding an event, as recomputed by the event read. */
export function IntegrityPanel({ integrity }: { integrity: BatchStatus }) {
  return (
    <section className="panel" aria-label="Integrity" data-testid="integrity">
      <h2>Integrity</h2>
      {integrity.state === "verified" ? (
        <p>
          <span className="badge badge-good">verified</span> batch {integrity.seq} of writer{" "}
          <code>{integrity.writerId}</code>: signature, Merkle root over its {integrity.events}{" "}
          events and chain link recomputed just now.
        </p>
      ) : integrity.state === "broken" ? (
        <div>
          <p>
            <span className="badge badge-bad">broken</span> batch {integrity.seq} of writer{" "}
            <code>{integrity.writerId}</code>
          </p>
          <ul className="small">
            {integrity.findings.slice(0, 10).map((f) => (
              <li key={`${f.kind}:${f.event_id ?? ""}:${f.leaf_index ?? ""}`}>
                <strong>{f.kind.replace("_", " ")}</strong>
                {f.event_id ? ` (${f.event_id})` : ""}: {f.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>
          <span className="badge badge-neutral">not sealed</span> {integrity.reason}
        </p>
      )}
    </section>
  );
}
