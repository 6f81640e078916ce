import Link from "next/link";

export default function NotFound() {
  return (
    <main className="auth-page">
      <div className="auth-card" data-testid="not-found">
        <h1>Not found</h1>
        <p className="lead">There is nothing here, or nothing you may see.</p>
        <Link className="btn" href="/">
          Back to your organisations
        </Link>
      </div>
    </main>
  );
}
