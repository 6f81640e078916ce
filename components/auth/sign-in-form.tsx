"use client";

import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export function SignInForm({
  callbackUrl,
  initialError,
  sso,
}: {
  callbackUrl: string;
  initialError: string | null;
  sso: { name: string } | null;
}) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      callbackUrl,
    });
    setBusy(false);
    if (res?.ok && !res.error) {
      window.location.assign(res.url ?? callbackUrl);
      return;
    }
    // next-auth answers with a code (CredentialsSignin, Locked:<time>): the words are ours.
    setError(signInErrorMessage(res?.error ?? "CredentialsSignin"));
  }

  return (
    <>
      {error ? (
        <p className="error-box small" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      ) : null}
      <form onSubmit={submit} aria-label="Sign in with email and password">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {sso ? (
        <>
          <div className="divider">or</div>
          <button
            type="button"
            className="btn"
            style={{ width: "100%", justifyContent: "center" }}
            onClick={() => void signIn("oidc", { callbackUrl })}
          >
            Continue with {sso.name}
          </button>
        </>
      ) : null}
    </>
  );
}
