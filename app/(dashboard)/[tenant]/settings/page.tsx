import { guardPage } from "@/app/_lib/guard";
import { ActionForm } from "@/components/settings/action-form";
import { PendingInvitations } from "@/components/settings/pending-invitations";
import { auditEvent } from "@/lib/auth/audit";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";
import { invalidCustomRules } from "@/lib/core/redact";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";
import {
  changeMemberAction,
  createKeyAction,
  inviteMemberAction,
  removeMemberAction,
  revokeKeyAction,
  saveRedactionAction,
} from "./actions";

export const metadata = { title: "Settings" };

function day(d: Date | null): string {
  return d ? d.toISOString().slice(0, 10) : "";
}

function RoleFields({ role, expires }: { role?: string; expires?: Date | null }) {
  return (
    <>
      <select name="role" defaultValue={role ?? "viewer"} aria-label="Role">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <input
        type="date"
        name="expires"
        defaultValue={day(expires ?? null)}
        aria-label="Access ends (auditors)"
        title="Access ends (required for auditors)"
      />
    </>
  );
}

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "settings:read", `/${tenant}/settings`);
  const admin = dashboardRuntime().store.admin;
  const t = access.tenant.id;
  const [members, invitations, keys] = await Promise.all([
    access.can("members:read") ? admin.listMembers(t) : Promise.resolve(null),
    access.can("members:read") ? admin.invitations.pending(t, new Date()) : Promise.resolve([]),
    access.can("keys:read") ? admin.listIngestKeys(t) : Promise.resolve(null),
  ]);
  await auditEvent(t, access.actor, { action: "settings.view" });
  const manageMembers = access.can("members:manage");
  const manageKeys = access.can("keys:manage");
  const manageSettings = access.can("settings:manage");
  const invalidRules = invalidCustomRules(access.tenant.redaction);
  const now = Date.now();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p>
            Members, ingest keys and redaction rules of {access.tenant.name}. Every change is
            recorded in the audit trail.
          </p>
        </div>
      </div>
      <div className="stack">
        {members ? (
          <section className="panel" aria-label="Members">
            <h2>Members</h2>
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th>Email</th>
                    <th>Role</th>
                    <th>Access ends</th>
                    {manageMembers ? <th>Change</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.userId}>
                      <td>{m.email}</td>
                      <td>{ROLE_LABELS[m.role as keyof typeof ROLE_LABELS] ?? m.role}</td>
                      <td>
                        {m.expiresAt ? (
                          <span
                            className={m.expiresAt.getTime() <= now ? "badge badge-bad" : undefined}
                          >
                            {day(m.expiresAt)}
                          </span>
                        ) : (
                          "–"
                        )}
                      </td>
                      {manageMembers ? (
                        <td style={{ overflow: "visible", maxWidth: "none" }}>
                          <div className="row nowrap">
                            <ActionForm
                              action={changeMemberAction.bind(null, t, m.userId)}
                              submit="Save"
                              inline
                            >
                              <RoleFields role={m.role} expires={m.expiresAt} />
                            </ActionForm>
                            {m.userId !== access.user.id ? (
                              <ActionForm
                                action={removeMemberAction.bind(null, t, m.userId)}
                                submit="Remove"
                                danger
                                inline
                                confirm={`Remove ${m.email}?`}
                              />
                            ) : null}
                          </div>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <PendingInvitations invitations={invitations} />
            {manageMembers ? (
              <div style={{ marginTop: 14 }}>
                <h3>Invite someone</h3>
                <ActionForm action={inviteMemberAction.bind(null, t)} submit="Invite" inline>
                  <input
                    name="email"
                    type="email"
                    placeholder="name@company.com"
                    required
                    aria-label="Email"
                  />
                  <RoleFields />
                </ActionForm>
              </div>
            ) : null}
          </section>
        ) : null}
        {keys ? (
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
                      {manageKeys ? <th /> : null}
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
                          {k.ratePerSecond
                            ? `${k.ratePerSecond}/s · ${k.burst ?? "default"}`
                            : "default"}
                        </td>
                        <td>
                          {k.lastUsedAt
                            ? k.lastUsedAt.toISOString().slice(0, 16).replace("T", " ")
                            : "never"}
                        </td>
                        <td>
                          {k.revokedAt ? (
                            <span className="badge badge-bad">revoked</span>
                          ) : (
                            <span className="badge badge-good">active</span>
                          )}
                        </td>
                        {manageKeys ? (
                          <td style={{ overflow: "visible", maxWidth: "none" }}>
                            {k.revokedAt ? null : (
                              <ActionForm
                                action={revokeKeyAction.bind(null, t, k.id)}
                                submit="Revoke"
                                danger
                                inline
                                confirm={`Revoke key ${k.id}? Servers using it will be refused.`}
                              />
                            )}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {manageKeys ? (
              <div style={{ marginTop: 14 }}>
                <h3>New key</h3>
                <ActionForm action={createKeyAction.bind(null, t)} submit="Create key" inline>
                  <input
                    name="name"
                    placeholder="name, e.g. github-mcp"
                    required
                    aria-label="Key name"
                  />
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
                </ActionForm>
              </div>
            ) : null}
          </section>
        ) : null}
        <section className="panel" aria-label="Redaction">
          <h2>Redaction rules</h2>
          <p className="small muted">
            Applied before anything is stored: <code>disabled</code> detectors,{" "}
            <code>extraSensitiveKeys</code>, <code>custom</code> patterns (RE2 syntax, matched in
            linear time: no lookahead or backreferences) and an <code>allowlist</code> of exact
            values.
          </p>
          {invalidRules.length > 0 ? (
            <div className="error-box small" role="alert">
              Ingestion skips these saved rules until they are fixed:
              <ul>
                {invalidRules.map((r) => (
                  <li key={`${r.id}:${r.message}`}>
                    <code>{r.id}</code>: {r.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {manageSettings ? (
            <ActionForm action={saveRedactionAction.bind(null, t)} submit="Save rules">
              <textarea
                name="config"
                rows={8}
                className="mono"
                defaultValue={JSON.stringify(access.tenant.redaction ?? {}, null, 2)}
                aria-label="Redaction configuration (JSON)"
              />
            </ActionForm>
          ) : (
            <pre className="json">{JSON.stringify(access.tenant.redaction ?? {}, null, 2)}</pre>
          )}
        </section>
      </div>
    </>
  );
}
