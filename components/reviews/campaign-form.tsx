"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, startTransition, useActionState, useEffect } from "react";

export type CampaignFormState = { ok: boolean; message: string | null; href: string | null };

const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  // biome-ignore lint/a11y/noLabelWithoutControl: children is the control (an input or select)
  <label className="stack" style={{ gap: 4 }}>
    <span className="small">{label}</span>
    {children}
  </label>
);

/**
 * The new-campaign form. Submitted through a transition, not the form's action, so React does
 * not reset it: after an error, everything typed is still there to correct.
 */
export function CampaignForm({
  action,
  defaultDue,
}: {
  action: (prev: CampaignFormState, form: FormData) => Promise<CampaignFormState>;
  defaultDue: string;
}) {
  const router = useRouter();
  const [state, run, pending] = useActionState(action, { ok: true, message: null, href: null });
  useEffect(() => {
    if (state.ok && state.href) router.push(state.href);
  }, [state, router]);
  return (
    <form
      className="stack"
      aria-label="New campaign"
      style={{ gap: 10 }}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => run(data));
      }}
    >
      <div className="row" style={{ alignItems: "flex-start", flexWrap: "wrap" }}>
        <Field label="Name">
          <input name="name" required maxLength={200} />
        </Field>
        <Field label="Due date">
          <input name="dueAt" type="date" required defaultValue={defaultDue} />
        </Field>
        <Field label="Usage period (days)">
          <input name="periodDays" type="number" min={1} max={3650} defaultValue={90} />
        </Field>
      </div>
      <fieldset className="stack" style={{ gap: 6 }}>
        <legend>Scope</legend>
        <label>
          <input type="checkbox" name="everything" /> everything (all servers, tools, roles and
          principals)
        </label>
        <div className="row" style={{ flexWrap: "wrap" }}>
          <Field label="Servers (comma-separated)">
            <input name="servers" placeholder="files, db" />
          </Field>
          <Field label="Tools">
            <input name="tools" placeholder="write_file" />
          </Field>
          <Field label="Roles">
            <input name="roles" placeholder="admin" />
          </Field>
          <Field label="Principals">
            <input name="principals" placeholder="bot-1" />
          </Field>
        </div>
      </fieldset>
      <fieldset className="stack" style={{ gap: 6 }}>
        <legend>Reviewers</legend>
        <Field label="Default reviewer (member's email; takes what no rule routes)">
          <input name="fallback" required placeholder="officer@example.com" />
        </Field>
        <div className="row" style={{ flexWrap: "wrap", alignItems: "flex-start" }}>
          <Field label="Per server (server=email, one a line)">
            <textarea name="serverReviewers" rows={2} placeholder="files=owner@example.com" />
          </Field>
          <Field label="Per principal (principal=email, one a line)">
            <textarea name="principalReviewers" rows={2} placeholder="bot-1=lead@example.com" />
          </Field>
        </div>
        <label>
          <input type="checkbox" name="useManager" defaultChecked /> route a principal to their
          manager when known
        </label>
      </fieldset>
      <div className="row" style={{ flexWrap: "wrap", alignItems: "flex-start" }}>
        <Field label="Framework controls (comma-separated)">
          <input name="controls" placeholder="SOC2 CC6.2, ISO 27001 A.5.18" />
        </Field>
        <Field label="Cadence">
          <select name="cadence" defaultValue="none">
            <option value="none">once</option>
            <option value="quarterly">quarterly</option>
            <option value="half-yearly">half-yearly</option>
          </select>
        </Field>
        <Field label="New entries">
          <select name="newEntries" defaultValue="review">
            <option value="review">review like the others</option>
            <option value="escalate">start escalated</option>
          </select>
        </Field>
        <Field label="Undecided at the due date">
          <select name="dueOutcome" defaultValue="escalate">
            <option value="escalate">escalate</option>
            <option value="keep">keep</option>
            <option value="revoke">revoke</option>
          </select>
        </Field>
      </div>
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={pending}>
          {pending ? "…" : "Create draft"}
        </button>
        {state.message ? (
          <span
            className={`small ${state.ok ? "" : "error-box"}`}
            role={state.ok ? "status" : "alert"}
            style={{ whiteSpace: "normal" }}
          >
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
