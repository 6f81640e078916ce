import { publicReadCtx } from "@/app/_lib/service-ctx";
import { SetupForm } from "@/components/auth/setup-form";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";
import { readFirstRun } from "@/lib/services/reads/public";
import { setupOwnerAction } from "./actions";

export const metadata = { title: "Set up" };

export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : "";
  const rt = dashboardRuntime();
  const usable = (await readFirstRun({ ctx: publicReadCtx() })) && rt.setup.valid(token);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand" style={{ color: "var(--text)", marginBottom: 14 }}>
          <span className="brand-mark" /> Tooltrail
        </div>
        <h1>Set up Tooltrail</h1>
        {usable ? (
          <>
            <p className="lead">Create your organisation and its first owner.</p>
            <SetupForm token={token} action={setupOwnerAction} />
          </>
        ) : (
          <p className="error-box small">
            This setup link is invalid, used or expired. If no user exists yet, restart{" "}
            <code>npm start</code> for a fresh link, or create one with{" "}
            <code>npx tooltrail users create</code>. Otherwise, <a href="/sign-in">sign in</a>.
          </p>
        )}
      </div>
    </main>
  );
}
