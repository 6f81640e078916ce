import { ActionForm, type FormState } from "./action-form";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;

/**
 * The tenant's redaction rules: the rules ingestion skips until they are fixed, and the JSON to
 * edit for a role that manages settings (read-only otherwise).
 */
export function RedactionPanel({
  config,
  invalid,
  save,
}: {
  config: unknown;
  invalid: { id: string; message: string }[];
  /** Present only when the role may manage settings. */
  save: FormAction | null;
}) {
  const json = JSON.stringify(config ?? {}, null, 2);
  return (
    <section className="panel" aria-label="Redaction">
      <h2>Redaction rules</h2>
      <p className="small muted">
        Applied before anything is stored: <code>disabled</code> detectors,{" "}
        <code>extraSensitiveKeys</code>, <code>custom</code> patterns (RE2 syntax, matched in linear
        time: no lookahead or backreferences) and an <code>allowlist</code> of exact values.
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
        <ActionForm action={save} submit="Save rules">
          <textarea
            name="config"
            rows={8}
            className="mono"
            defaultValue={json}
            aria-label="Redaction configuration (JSON)"
          />
        </ActionForm>
      ) : (
        <pre className="json">{json}</pre>
      )}
    </section>
  );
}
