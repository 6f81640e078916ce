import { redirect } from "next/navigation";
import { authSetup, currentSession } from "@/app/_lib/next-auth";
import { publicReadCtx } from "@/app/_lib/service-ctx";
import { SignInForm } from "@/components/auth/sign-in-form";
import { ssoEnabled } from "@/lib/auth/auth-config";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";
import { readFirstRun } from "@/lib/services/reads/public";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const rt = dashboardRuntime();
  // Only a page of this site, whatever the link says (lib/auth/callback-url.ts).
  const callbackUrl = safeCallbackUrl(sp.callbackUrl, rt.publicUrl);
  if (await currentSession()) redirect(callbackUrl);
  const { config } = authSetup();
  // The link picks a message by code; it never supplies the words.
  const error = signInErrorMessage(typeof sp.error === "string" ? sp.error : null);
  const firstRun = await readFirstRun({ ctx: publicReadCtx() });
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
