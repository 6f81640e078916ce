"use client";

import { useActionState } from "react";
import type { RedactionPreview } from "@/lib/services/redaction/preview-redaction";
import type { RedactionDraft } from "@/lib/services/redaction/redaction-draft";
import styles from "./redaction-form.module.css";
import { RedactionRows } from "./redaction-rows";

/** The form's answer: what was typed comes back, so nothing is lost when a save is refused. */
export type RedactionFormState = {
  ok: boolean;
  message: string | null;
  /** The rules as sent (null after a save: the page shows the saved rules). */
  draft: RedactionDraft | null;
  sample: string;
  preview: RedactionPreview | null;
  /** What the last answer was to. */
  intent: "save" | "test" | null;
  /** Counts answers, so the fields start again from each answer's values. */
  seq: number;
};

export const INITIAL_REDACTION_STATE: RedactionFormState = {
  ok: true,
  message: null,
  draft: null,
  sample: "",
  preview: null,
  intent: null,
  seq: 0,
};

type Action = (prev: RedactionFormState, form: FormData) => Promise<RedactionFormState>;

/**
 * The rules as a form, the built-in detectors as switches, and a test box: "Test sample" sends
 * the unsaved rules and the sample to the server, which redacts it with the code ingestion runs;
 * "Save rules" saves them. Both are one server action, so both work without JavaScript.
 */
export function RedactionForm({
  action,
  draft,
  detectors,
}: {
  action: Action;
  draft: RedactionDraft;
  detectors: readonly string[];
}) {
  const [state, run, pending] = useActionState(action, INITIAL_REDACTION_STATE);
  const shown = state.draft ?? draft;
  const off = new Set(shown.disabled);
  const problems = state.ok || !state.message ? [] : state.message.split("\n");
  const atFault = new Set(
    problems.flatMap((p) => {
      const m = /^rule (\d+):/.exec(p);
      return m ? [Number(m[1])] : [];
    }),
  );
  return (
    <form action={run} className="stack" style={{ gap: 10 }} key={state.seq}>
      <RedactionRows initial={shown.rules} atFault={atFault} />
      <fieldset className={styles.detectors}>
        <legend className="small">Built-in detectors (untick to turn one off)</legend>
        <input type="hidden" name="detectors" value={detectors.join(",")} />
        <div className="row small">
          {detectors.map((id) => (
            <label key={id} className="row" style={{ gap: 4 }}>
              <input type="checkbox" name="detector" value={id} defaultChecked={!off.has(id)} />
              <code>{id}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="stack small" style={{ gap: 4 }}>
        Test a sample (a JSON object is redacted as an event's arguments, anything else as text)
        <textarea
          name="sample"
          rows={4}
          className="mono"
          defaultValue={state.sample}
          placeholder='{"note": "ask EMP-123456", "password": "hunter2"}'
        />
      </label>
      <div className="row">
        <button className="btn" type="submit" name="intent" value="test" disabled={pending}>
          Test sample
        </button>
        <button
          className="btn btn-primary"
          type="submit"
          name="intent"
          value="save"
          disabled={pending}
        >
          Save rules
        </button>
        {pending ? <span className="small muted">…</span> : null}
        {state.ok && state.message ? (
          <span className="small" role="status" style={{ color: "var(--ok)" }}>
            {state.message}
          </span>
        ) : null}
      </div>
      {problems.length > 0 ? (
        <div className="error-box small" role="alert" data-testid="redaction-problems">
          {state.intent === "test" ? "The sample was not tested:" : "Not saved:"}
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.preview ? <PreviewResult preview={state.preview} /> : null}
    </form>
  );
}

function PreviewResult({ preview }: { preview: RedactionPreview }) {
  const total = preview.redactions.reduce((n, r) => n + r.count, 0);
  return (
    <section aria-label="Test result" className="stack" style={{ gap: 6 }}>
      <h3>
        The sample would be stored as{" "}
        <span className="small muted">
          ({total === 0 ? "nothing redacted" : `${total} redaction${total === 1 ? "" : "s"}`}, rules
          not saved yet)
        </span>
      </h3>
      <pre className="json" data-testid="redaction-preview">
        {preview.output}
      </pre>
      {preview.redactions.length > 0 ? (
        <ul className="small">
          {preview.redactions.map((r) => (
            <li key={`${r.field}:${r.type}`}>
              <code>{r.field}</code>: {r.type} ×{r.count}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
