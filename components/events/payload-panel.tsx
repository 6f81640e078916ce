import { visible } from "@/components/ui/visible";
import type { StoredEvent } from "@/lib/core/contract";
import { Fields } from "./event-fields";

/** An event's arguments, error message and labels: for roles that may read payloads only. */
export function PayloadPanel({ e, payload }: { e: StoredEvent; payload: boolean }) {
  return (
    <section className="panel" aria-label="Payload">
      <h2>Arguments</h2>
      {!payload ? (
        <p className="muted">Payloads are not shown to your role.</p>
      ) : e.arguments === undefined ? (
        <p className="muted small">No arguments recorded.</p>
      ) : (
        <pre className="json" data-testid="arguments">
          {visible(JSON.stringify(e.arguments, null, 2))}
        </pre>
      )}
      {payload && (e.error?.message || e.labels) ? (
        <div style={{ marginTop: 12 }}>
          <Fields
            items={[
              ["Error message", e.error?.message],
              [
                "Labels",
                e.labels
                  ? Object.entries(e.labels)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(", ")
                  : undefined,
              ],
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}
