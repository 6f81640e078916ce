import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { ssoEnabled } from "@/lib/auth/auth-config";
import { authSetup, currentSession } from "@/lib/auth/next-auth";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export const metadata = { title: "Sign in" };

/** next-auth's own error codes, in words a person can act on. */
const ERRORS: Record<string, string> = {
  OAuthSignin: "The identity provider could not be reached. Try again or use your password.",
  OAuthCallback: "The identity provider's answer could not be verified. Try again.",
  AccessDenied: "Access denied.",
  Callback: "Sign-in failed. Try again.",
  SessionRequired: "Sign in to continue.",
  Default: "Sign-in failed. Try again.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  // Only a path on this site: "//evil.example" or "/\\evil.example" would leave it.
  const callbackUrl =
    typeof sp.callbackUrl === "string" && /^\/(?![/\\])/.test(sp.callbackUrl)
      ? sp.callbackUrl
      : "/";
  if (await currentSession()) redirect(callbackUrl);
  const { config } = authSetup();
  const raw = typeof sp.error === "string" ? sp.error : null;
  const error = raw ? (ERRORS[raw] ?? raw.slice(0, 300)) : null;
  const firstRun = (await dashboardRuntime().store.admin.countUsers()) === 0;
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand" style={{ color: "var(--text)", marginBottom: 14 }}>
          <span className="brand-mark" /> Tooltrail
        </div>
        <h1>Sign in</h1>
        <p className="lead">Audit trail of your AI agents&apos; tool calls.</p>
        {firstRun ? (
          <p className="notice small">
            No user exists yet. Use the one-time setup link that <code>npm start</code> printed, or{" "}
            <code>npx tooltrail users create</code>.
          </p>
        ) : null}
        <SignInForm
          callbackUrl={callbackUrl}
          initialError={error}
          sso={ssoEnabled(config) ? { name: config.OIDC_NAME } : null}
        />
      </div>
    </main>
  );
}
