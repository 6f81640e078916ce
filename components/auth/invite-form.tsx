"use client";

import { useActionState } from "react";
import { acceptInviteAction, type InviteState } from "@/app/invite/actions";

export function InviteForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<InviteState, FormData>(acceptInviteAction, {
    ok: false,
    message: null,
  });
  if (state.ok)
    return (
      <p className="notice">
        Your password is set. <a href="/sign-in">Sign in</a>.
      </p>
    );
  return (
    <form action={action}>
      {state.message ? (
        <p className="error-box small" role="alert">
          {state.message}
        </p>
      ) : null}
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
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
