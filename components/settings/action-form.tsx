"use client";

import { type ReactNode, useActionState } from "react";

export type FormState = { ok: boolean; message: string | null; secret?: string | null };

/** A form bound to a server action, showing its outcome (and a one-time secret) in place. */
export function ActionForm({
  action,
  children,
  submit,
  danger,
  confirm,
  inline,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  children?: ReactNode;
  submit: string;
  danger?: boolean;
  confirm?: string;
  inline?: boolean;
}) {
  const [state, run, pending] = useActionState(action, { ok: true, message: null });
  return (
    <form
      action={run}
      className={inline ? "row" : "stack"}
      style={inline ? undefined : { gap: 8 }}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {children}
      <div className="row">
        <button
          className={`btn ${danger ? "btn-danger" : "btn-primary"}`}
          type="submit"
          disabled={pending}
        >
          {pending ? "…" : submit}
        </button>
        {state.message ? (
          <span
            className={`small ${state.ok ? "" : "error-box"}`}
            role={state.ok ? "status" : "alert"}
            style={state.ok ? { color: "var(--ok)" } : { padding: "2px 8px" }}
          >
            {state.message}
          </span>
        ) : null}
      </div>
      {state.secret ? (
        <pre className="json" data-testid="one-time-secret">
          {state.secret}
        </pre>
      ) : null}
    </form>
  );
}
