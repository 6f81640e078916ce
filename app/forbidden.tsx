import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="auth-page">
      <div className="auth-card" data-testid="forbidden">
        <h1>No access</h1>
        <p className="lead">
          Your role does not allow this page, or your access to this organisation has ended (auditor
          access ends on its set date). Ask an owner if you need it.
        </p>
        <Link className="btn" href="/">
          Back to your organisations
        </Link>
      </div>
    </main>
  );
}
