"use client";

import { type ReactNode, useActionState } from "react";
import { OneTimeSecret } from "./one-time-secret";

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
    <div className="stack" style={{ gap: 8 }}>
      <form
        action={run}
        className={inline ? "row nowrap" : "stack"}
        style={inline ? undefined : { gap: 8 }}
        onSubmit={(e) => {
          if (confirm && !window.confirm(confirm)) e.preventDefault();
        }}
      >
        {children}
        <div className="row" style={{ minWidth: 0, flex: "0 1 auto" }}>
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
              style={{
                whiteSpace: "normal",
                ...(state.ok ? { color: "var(--ok)" } : { padding: "2px 8px" }),
              }}
            >
              {state.message}
            </span>
          ) : null}
        </div>
      </form>
      <OneTimeSecret secret={state.secret} />
    </div>
  );
}
