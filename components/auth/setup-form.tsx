"use client";

import { useActionState } from "react";

/** What the setup action answers (app/setup/actions.ts), passed in by the page. */
export type SetupState = { error: string | null; done: boolean };

export function SetupForm({
  token,
  action: setup,
}: {
  token: string;
  action: (prev: SetupState, form: FormData) => Promise<SetupState>;
}) {
  const [state, action, pending] = useActionState<SetupState, FormData>(setup, {
    error: null,
    done: false,
  });
  if (state.done)
    return (
      <p className="notice">
        Your organisation and owner account are ready. <a href="/sign-in">Sign in</a>.
      </p>
    );
  return (
    <form action={action}>
      {state.error ? (
        <p className="error-box small" role="alert">
          {state.error}
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <label>
        Organisation name
        <input name="tenantName" required maxLength={200} placeholder="Acme Corp" />
      </label>
      <label>
        Organisation id (in URLs)
        <input name="tenantId" required pattern="[a-z0-9][a-z0-9-]{0,62}" placeholder="acme" />
      </label>
      <label>
        Your email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password (12+ characters)
        <input
          name="password"
          type="password"
          minLength={12}
          autoComplete="new-password"
          required
        />
      </label>
      <button className="btn btn-primary" type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create organisation"}
      </button>
    </form>
  );
}
