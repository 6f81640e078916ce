import type { DeliveryView, DestinationView } from "@/lib/services/notifications/destination-view";
import { ActionForm, type FormState } from "./action-form";
import { OneTimeSecretForm, RemoveCell } from "./panel-forms";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;

const SEVERITIES = ["low", "medium", "high", "critical"] as const;

function minute(d: Date): string {
  return d.toISOString().slice(0, 16).replace("T", " ");
}

const STATUS_BADGE = { delivered: "badge-good", failed: "badge-bad", pending: "" } as const;

/**
 * Where anomaly flags are sent (webhooks, Slack) and the delivery log. A new webhook's signing
 * secret is shown once, by the create form; webhook URLs are shown by scheme and host only, Slack
 * URLs (stored encrypted) by host and last 4 characters.
 */
export function NotificationDestinations({
  destinations,
  deliveries,
  allowPrivate,
  actions,
}: {
  destinations: DestinationView[];
  /** Null when the role may not read the log. */
  deliveries: DeliveryView[] | null;
  allowPrivate: boolean;
  /** Present only when the role may configure destinations. */
  actions: {
    create: FormAction;
    remove(id: string): FormAction;
    test(id: string): FormAction;
  } | null;
}) {
  const names = new Map(destinations.map((d) => [d.id, d.name]));
  return (
    <section className="panel" aria-label="Notifications">
      <h2>Notifications</h2>
      <p className="muted small">
        New and escalated anomaly flags at or above each destination's minimum severity are sent
        there; failed deliveries are retried for about two hours. Webhooks are signed: the
        documentation (<code>docs/notifications.md</code>) shows how a receiver verifies them.
      </p>
      {destinations.length === 0 ? (
        <p className="muted small">No destination yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>URL</th>
                <th>Minimum severity</th>
                <th>Added</th>
                {actions ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {destinations.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>
                    {d.kind === "slack" ? "Slack" : d.signed ? "webhook (signed)" : "webhook"}
                  </td>
                  <td>
                    <code>{d.url}</code>
                  </td>
                  <td>{d.minSeverity}</td>
                  <td>{minute(d.createdAt)}</td>
                  {actions ? (
                    <RemoveCell
                      action={actions.remove(d.id)}
                      submit="Remove"
                      confirm={`Remove destination ${d.name}? Its pending notifications are dropped.`}
                    >
                      <ActionForm action={actions.test(d.id)} submit="Send test" inline />
                    </RemoveCell>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {actions ? (
        <OneTimeSecretForm
          heading="New destination"
          action={actions.create}
          submit="Add destination"
        >
          <select name="kind" aria-label="Kind" defaultValue="webhook">
            <option value="webhook">Webhook (signed)</option>
            <option value="slack">Slack incoming webhook</option>
          </select>
          <input name="name" placeholder="name, e.g. SIEM" required aria-label="Destination name" />
          <input
            name="url"
            placeholder={allowPrivate ? "https:// or http:// URL" : "https:// URL"}
            required
            size={34}
            aria-label="Destination URL"
          />
          <select name="minSeverity" aria-label="Minimum severity" defaultValue="high">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s} and above
              </option>
            ))}
          </select>
        </OneTimeSecretForm>
      ) : null}
      {deliveries ? (
        <div style={{ marginTop: 14 }}>
          <h3>Delivery log</h3>
          {deliveries.length === 0 ? (
            <p className="muted small">Nothing sent yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="data" aria-label="Delivery log">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Destination</th>
                    <th>Kind</th>
                    <th>Status</th>
                    <th className="num">Attempts</th>
                    <th>Last answer</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.map((d) => (
                    <tr key={d.id}>
                      <td>{minute(d.createdAt)}</td>
                      <td>{names.get(d.destinationId) ?? "(removed)"}</td>
                      <td>
                        <code>{d.kind}</code>
                      </td>
                      <td>
                        <span className={`badge ${STATUS_BADGE[d.status]}`}>{d.status}</span>
                        {d.status === "pending" && d.attempts > 0 ? (
                          <span className="muted small"> next {minute(d.nextAttemptAt)}</span>
                        ) : null}
                      </td>
                      <td className="num">{d.attempts}</td>
                      <td>
                        {d.lastStatus !== null ? `HTTP ${d.lastStatus}` : ""}
                        {d.lastError ? <span className="muted small"> {d.lastError}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
