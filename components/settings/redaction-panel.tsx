import type { RedactionDraft } from "@/lib/services/redaction/redaction-draft";
import { RedactionForm, type RedactionFormState } from "./redaction-form";
import { APPLIES_TO, KIND_LABELS } from "./redaction-kinds";

type Action = (prev: RedactionFormState, form: FormData) => Promise<RedactionFormState>;

/**
 * The tenant's redaction rules: the saved rules ingestion skips until they are fixed, and the
 * rules as a form (with a test box) for a role that manages settings, or as a table otherwise.
 */
export function RedactionPanel({
  draft,
  detectors,
  invalid,
  save,
}: {
  draft: RedactionDraft;
  detectors: readonly string[];
  invalid: { id: string; message: string }[];
  /** Present only when the role may manage settings. */
  save: Action | null;
}) {
  return (
    <section className="panel" aria-label="Redaction" id="redaction">
      <h2>Redaction rules</h2>
      <p className="small muted">
        Applied before anything is stored, after the built-in detectors. A pattern uses RE2 syntax
        (matched in linear time: no lookahead or backreferences) and is recorded as{" "}
        <code>[REDACTED:&lt;name&gt;]</code>; a sensitive key redacts whatever value it holds; an
        allowed value is never redacted.
      </p>
      {invalid.length > 0 ? (
        <div className="error-box small" role="alert">
          Ingestion skips these saved rules until they are fixed:
          <ul>
            {invalid.map((r) => (
              <li key={`${r.id}:${r.message}`}>
                <code>{r.id}</code>: {r.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {save ? (
        <RedactionForm action={save} draft={draft} detectors={detectors} />
      ) : (
        <ReadOnlyRules draft={draft} />
      )}
    </section>
  );
}

function ReadOnlyRules({ draft }: { draft: RedactionDraft }) {
  return (
    <div className="stack" style={{ gap: 8 }}>
      {draft.rules.length === 0 ? (
        <p className="small muted">No rules of this organisation: the built-in detectors apply.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>#</th>
                <th>Type</th>
                <th>Name</th>
                <th>Pattern, key or value</th>
                <th>Applies to</th>
              </tr>
            </thead>
            <tbody>
              {draft.rules.map((r, i) => (
                <tr key={`${r.kind}:${r.name}:${r.pattern}`}>
                  <td>{i + 1}</td>
                  <td>{KIND_LABELS[r.kind]}</td>
                  <td>{r.name || "–"}</td>
                  <td>
                    <code>{r.pattern}</code>
                    {r.ignoreCase ? <span className="small muted"> (ignores case)</span> : null}
                  </td>
                  <td className="small muted">{APPLIES_TO[r.kind]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted">
        Built-in detectors turned off: {draft.disabled.length ? draft.disabled.join(", ") : "none"}.
      </p>
    </div>
  );
}
