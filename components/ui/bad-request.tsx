import Link from "next/link";

/**
 * What a dashboard page shows, with status 400, when its URL holds a parameter it cannot accept
 * (app/_lib/params.ts#readPageParams). The message names the parameter and what is accepted;
 * it is rendered as text.
 */
export function BadRequest({ message, back }: { message: string; back: string }) {
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Bad request</h1>
          <p>This address has a parameter the dashboard cannot use. Nothing was read.</p>
        </div>
      </div>
      <div className="error-box" role="alert" data-testid="bad-request">
        {message}
      </div>
      <p>
        <Link className="btn" href={back}>
          Open this page without the parameters
        </Link>
      </p>
    </div>
  );
}
