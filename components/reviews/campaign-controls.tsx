import { ActionForm, type FormState } from "@/components/settings/action-form";
import { visible } from "@/components/ui/visible";

type Act = (prev: FormState, form: FormData) => Promise<FormState>;

export type RevocationRow = {
  id: string;
  principal: string;
  server: string;
  tools: string[];
  status: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  exceptionNote: string | null;
};

/** Start, complete, cancel, and the revocations awaiting Guard, for those who run reviews. */
export function CampaignControls({
  status,
  revocations,
  start,
  complete,
  cancel,
  exception,
}: {
  status: string;
  revocations: RevocationRow[];
  start: Act;
  complete: Act;
  cancel: Act;
  exception: Act;
}) {
  // Not yet enforced: pending, or already excepted (the form stays, and its answer with it).
  const pending = revocations.filter((r) => r.status !== "enforced");
  return (
    <section className="panel stack" aria-label="Campaign">
      <h2>Campaign</h2>
      <div className="row" style={{ alignItems: "flex-start", flexWrap: "wrap" }}>
        {status === "draft" || status === "in_progress" ? (
          // One slot for start then complete: the form's answer stays when the status moves on.
          <ActionForm
            action={status === "draft" ? start : complete}
            submit={status === "draft" ? "Start campaign" : "Complete campaign"}
            confirm={
              status === "draft"
                ? "Start: freeze the scope now? Nothing that changes afterwards moves what is reviewed."
                : "Complete and lock this campaign? Decisions become read-only."
            }
            inline
          />
        ) : (
          <p role="status">
            {status === "completed" ? "Completed and locked (read-only)." : "Cancelled."}
          </p>
        )}
        {status === "draft" || status === "in_progress" ? (
          <section aria-label="Cancel campaign">
            <ActionForm
              action={cancel}
              submit="Cancel campaign"
              danger
              confirm="Cancel this campaign? Decisions and revocations already made stay."
              inline
            >
              <input name="note" required maxLength={2000} placeholder="why (required)" />
            </ActionForm>
          </section>
        ) : null}
      </div>
      {revocations.length > 0 ? (
        <table className="data" data-testid="revocations">
          <thead>
            <tr>
              <th>Revocation</th>
              <th>Principal</th>
              <th>Server</th>
              <th>Tools</th>
              <th>Status</th>
              <th>Confirmed</th>
            </tr>
          </thead>
          <tbody>
            {revocations.map((r) => (
              <tr key={r.id}>
                <td>
                  <code>{r.id}</code>
                </td>
                <td>{visible(r.principal)}</td>
                <td>{visible(r.server)}</td>
                <td>
                  {r.tools.length === 0 ? "every tool" : r.tools.map((t) => visible(t)).join(", ")}
                </td>
                <td>
                  {r.status}
                  {r.exceptionNote ? `: ${visible(r.exceptionNote)}` : ""}
                </td>
                <td>
                  {r.confirmedAt
                    ? `${r.confirmedAt.slice(0, 16).replace("T", " ")} by ${visible(r.confirmedBy ?? "")}`
                    : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {status === "in_progress" && pending.length > 0 ? (
        <section aria-label="Exception" className="stack">
          <h3>Record an exception</h3>
          <p className="small">
            For a revoke Guard cannot enforce (no Guard serves the server, it is being retired).
          </p>
          <ActionForm action={exception} submit="Record exception">
            <label>
              Revocation{" "}
              <select name="revocation">
                {pending.map((r) => (
                  <option key={r.id} value={r.id}>
                    {visible(`${r.principal} on ${r.server} (${r.status})`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Note (required) <input name="note" required maxLength={2000} />
            </label>
          </ActionForm>
        </section>
      ) : null}
    </section>
  );
}
