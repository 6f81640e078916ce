import type { RuleSetting } from "@/lib/services/flags/rule-settings";
import { ActionForm, type FormState } from "./action-form";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;

const REASON_LABELS: Record<string, string> = {
  true_positive_malicious: "malicious",
  true_positive_benign: "benign",
  false_positive: "false positive",
  testing_or_maintenance: "testing",
  remediated: "remediated",
};

function ParamInput({ f, value }: { f: RuleSetting["fields"][number]; value: unknown }) {
  const name = `p.${f.name}`;
  if (f.kind === "boolean")
    return (
      <input
        type="checkbox"
        name={name}
        defaultChecked={value === true}
        aria-label={f.description}
      />
    );
  if (f.kind === "list")
    return (
      <textarea
        name={name}
        rows={3}
        defaultValue={Array.isArray(value) ? value.join("\n") : ""}
        aria-label={f.description}
      />
    );
  if (f.kind === "choice")
    return (
      <select name={name} defaultValue={String(value ?? "")} aria-label={f.description}>
        {(f.options ?? []).map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  if (f.kind === "choices")
    return (
      <span className="row">
        {(f.options ?? []).map((o) => (
          <label key={o} className="row small" style={{ gap: 4 }}>
            <input
              type="checkbox"
              name={name}
              value={o}
              defaultChecked={Array.isArray(value) && value.includes(o)}
            />
            {o}
          </label>
        ))}
      </span>
    );
  const numeric = f.kind === "integer" || f.kind === "number";
  return (
    <input
      name={name}
      type={numeric ? "number" : "text"}
      step={f.kind === "integer" ? 1 : "any"}
      min={f.min}
      max={f.max}
      defaultValue={value === undefined || value === null ? "" : String(value)}
      aria-label={f.description}
    />
  );
}

/**
 * The detection rules: on or off, parameters (a form generated from each rule's schema, with its
 * descriptions), allow-list, how its flags were resolved, and a preview of the flags per day it
 * would have raised. Read-only for roles that do not configure detection.
 */
export function DetectionRules({
  rules,
  configure,
  preview,
}: {
  rules: RuleSetting[];
  configure: ((rule: string) => FormAction) | null;
  preview: ((rule: string) => FormAction) | null;
}) {
  return (
    <section className="panel" aria-label="Detection rules" id="detection-rules">
      <h2>Detection rules</h2>
      <p className="small muted">
        Enabling a rule learns its baseline from the stored history at once. Every change is
        recorded in the audit trail.
      </p>
      <div className="stack">
        {rules.map((r) => {
          const resolved = Object.entries(r.resolutions).filter(([, n]) => n > 0);
          return (
            <details key={r.id} data-testid={`rule-${r.id}`}>
              <summary>
                <strong>{r.title}</strong>{" "}
                <span className="small muted">({r.enabled ? "on" : "off"})</span>
                {resolved.length ? (
                  <span className="small muted">
                    {" · resolved: "}
                    {resolved.map(([k, n]) => `${REASON_LABELS[k] ?? k} ${n}`).join(", ")}
                  </span>
                ) : null}
              </summary>
              <p className="small">{r.description}</p>
              {configure ? (
                <ActionForm action={configure(r.id)} submit="Save rule">
                  <label className="row small" style={{ gap: 4 }}>
                    <input type="checkbox" name="enabled" defaultChecked={r.enabled} /> Enabled
                  </label>
                  {r.fields.map((f) => (
                    <div key={f.name} className="stack small" style={{ gap: 2 }}>
                      <span>
                        {f.description} <code>{f.name}</code>
                        {r.customised.includes(f.name) ? "" : " (default)"}
                      </span>
                      <ParamInput f={f} value={r.params[f.name]} />
                    </div>
                  ))}
                  <label className="stack small" style={{ gap: 2 }}>
                    Never flag these subjects (one per line: actor ids, service accounts)
                    <textarea name="allow" rows={2} defaultValue={r.allow.join("\n")} />
                  </label>
                </ActionForm>
              ) : (
                <pre className="json">
                  {JSON.stringify(
                    { enabled: r.enabled, params: r.params, allow: r.allow },
                    null,
                    2,
                  )}
                </pre>
              )}
              {preview ? (
                <ActionForm action={preview(r.id)} submit="Preview the last 14 days" inline>
                  <input
                    type="hidden"
                    name="params"
                    value={JSON.stringify(
                      Object.fromEntries(r.customised.map((k) => [k, r.params[k]])),
                    )}
                  />
                  <input type="hidden" name="allow" value={r.allow.join("\n")} />
                </ActionForm>
              ) : null}
            </details>
          );
        })}
      </div>
    </section>
  );
}
