import type { listKeys } from "@/lib/services/keys/list-keys";
import type { FormState } from "./action-form";
import { OneTimeSecretForm, RemoveCell } from "./panel-forms";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;
export type KeyRow = Awaited<ReturnType<typeof listKeys>>[number];

function minute(d: Date): string {
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/**
 * The tenant's ingest keys (never their secrets) and, for a role that manages keys, revoking one
 * and creating one; the new key's token is shown once, by the create form.
 */
export function KeysPanel({
  keys,
  actions,
}: {
  keys: KeyRow[];
  /** Present only when the role may manage keys. */
  actions: { revoke(keyId: string): FormAction; create: FormAction } | null;
}) {
  return (
    <section className="panel" aria-label="Ingest keys">
      <h2>Ingest keys</h2>
      {keys.length === 0 ? (
        <p className="muted small">
          No key yet: create one for each MCP server or gateway that sends events.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Id</th>
                <th>Name</th>
                <th>Servers</th>
                <th className="num">Rate / burst</th>
                <th>Last used</th>
                <th>Status</th>
                {actions ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    <code>{k.id}</code>
                  </td>
                  <td>{k.name}</td>
                  <td>{k.servers?.join(", ") ?? "any"}</td>
                  <td className="num">
                    {k.ratePerSecond ? `${k.ratePerSecond}/s · ${k.burst ?? "default"}` : "default"}
                  </td>
                  <td>{k.lastUsedAt ? minute(k.lastUsedAt) : "never"}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge badge-bad">revoked</span>
                    ) : (
                      <span className="badge badge-good">active</span>
                    )}
                  </td>
                  {actions && !k.revokedAt ? (
                    <RemoveCell
                      action={actions.revoke(k.id)}
                      submit="Revoke"
                      confirm={`Revoke key ${k.id}? Servers using it will be refused.`}
                    />
                  ) : actions ? (
                    <td />
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {actions ? (
        <OneTimeSecretForm heading="New key" action={actions.create} submit="Create key">
          <input name="name" placeholder="name, e.g. github-mcp" required aria-label="Key name" />
          <input
            name="servers"
            placeholder="servers (comma-separated, empty = any)"
            size={30}
            aria-label="Allowed servers"
          />
          <input
            name="rate"
            type="number"
            min={1}
            placeholder="events/s"
            style={{ width: 100 }}
            aria-label="Rate per second"
          />
          <input
            name="burst"
            type="number"
            min={1}
            placeholder="burst"
            style={{ width: 90 }}
            aria-label="Burst"
          />
        </OneTimeSecretForm>
      ) : null}
    </section>
  );
}
