import { ActionForm, type FormState } from "@/components/settings/action-form";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;

export type TriageActions = {
  acknowledge: FormAction | null;
  resolve: FormAction | null;
  reopen: FormAction | null;
  assign: FormAction;
  suppress: FormAction;
  escalate: FormAction;
};

/** The triage steps a flag allows in its status, each a form bound to its server action. */
export function FlagTriage({
  actions,
  reasons,
  members,
  assignee,
  incidents,
  suppressDefault,
}: {
  actions: TriageActions;
  reasons: { id: string; label: string }[];
  members: { userId: string; email: string }[];
  assignee: string | null;
  incidents: { id: string; title: string }[];
  /** The date (YYYY-MM-DD) a suppression form proposes. */
  suppressDefault: string;
}) {
  return (
    <section className="panel stack" aria-label="Triage">
      <h2>Triage</h2>
      {actions.acknowledge ? (
        <ActionForm action={actions.acknowledge} submit="Acknowledge" inline />
      ) : null}
      {actions.resolve ? (
        <details open>
          <summary>Resolve</summary>
          <ActionForm action={actions.resolve} submit="Resolve">
            <label className="stack small" style={{ gap: 2 }}>
              Reason
              <select name="reason" required defaultValue="">
                <option value="" disabled>
                  choose…
                </option>
                {reasons.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="stack small" style={{ gap: 2 }}>
              Note (what was found, what was done)
              <textarea name="note" rows={3} required maxLength={2000} />
            </label>
          </ActionForm>
        </details>
      ) : null}
      {actions.reopen ? (
        <details>
          <summary>Reopen</summary>
          <ActionForm action={actions.reopen} submit="Reopen">
            <textarea name="note" rows={2} required maxLength={2000} aria-label="Why reopen" />
          </ActionForm>
        </details>
      ) : null}
      <details>
        <summary>Assign</summary>
        <ActionForm action={actions.assign} submit="Assign">
          <select name="assignee" defaultValue={assignee ?? ""} aria-label="Assignee">
            <option value="">nobody</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.email}
              </option>
            ))}
          </select>
        </ActionForm>
      </details>
      <details>
        <summary>Suppress this rule for this subject</summary>
        <ActionForm action={actions.suppress} submit="Suppress">
          <label className="stack small" style={{ gap: 2 }}>
            Until
            <input type="date" name="until" required defaultValue={suppressDefault} />
          </label>
          <label className="stack small" style={{ gap: 2 }}>
            Reason
            <input name="reason" required maxLength={500} />
          </label>
        </ActionForm>
      </details>
      <details>
        <summary>Escalate to an incident</summary>
        <ActionForm action={actions.escalate} submit="Escalate">
          <label className="stack small" style={{ gap: 2 }}>
            Incident
            <select name="incidentId" defaultValue="">
              <option value="">a new incident</option>
              {incidents.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          </label>
          <label className="stack small" style={{ gap: 2 }}>
            Title (new incident)
            <input name="title" maxLength={200} />
          </label>
          <label className="stack small" style={{ gap: 2 }}>
            Aware since (UTC, empty: now)
            <input type="datetime-local" name="awareAt" />
          </label>
        </ActionForm>
      </details>
    </section>
  );
}
