"use client";

import { useActionState } from "react";

/** What the invitation actions answer (app/invite/actions.ts), passed in by the page. */
export type InviteState = { ok: boolean; message: string | null };
type InviteAction = (prev: InviteState, form: FormData) => Promise<InviteState>;

const START: InviteState = { ok: false, message: null };

function Outcome({ state, next }: { state: InviteState; next: { href: string; label: string } }) {
  if (!state.message) return null;
  return state.ok ? (
    <p className="notice" role="status">
      {state.message} <a href={next.href}>{next.label}</a>.
    </p>
  ) : (
    <p className="error-box small" role="alert">
      {state.message}
    </p>
  );
}

/** An email nobody has an account for: the link's holder chooses the password. */
export function NewAccountInviteForm({
  token,
  action: accept,
}: {
  token: string;
  action: InviteAction;
}) {
  const [state, action, pending] = useActionState(accept, START);
  const next = { href: "/sign-in", label: "Sign in" };
  if (state.ok) return <Outcome state={state} next={next} />;
  return (
    <form action={action}>
      <Outcome state={state} next={next} />
      <input type="hidden" name="token" value={token} />
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
        {pending ? "Saving…" : "Set password and join"}
      </button>
    </form>
  );
}

/** The invited account, signed in: one button. */
export function JoinInviteForm({ token, action: join }: { token: string; action: InviteAction }) {
  const [state, action, pending] = useActionState(join, START);
  const next = { href: "/", label: "Continue" };
  if (state.ok) return <Outcome state={state} next={next} />;
  return (
    <form action={action}>
      <Outcome state={state} next={next} />
      <input type="hidden" name="token" value={token} />
      <button className="btn btn-primary" type="submit" disabled={pending}>
        {pending ? "Joining…" : "Accept"}
      </button>
    </form>
  );
}
