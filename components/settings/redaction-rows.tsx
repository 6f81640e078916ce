"use client";

import { useEffect, useState } from "react";
import type { RuleDraft, RuleKind } from "@/lib/services/redaction/redaction-draft";
import styles from "./redaction-form.module.css";
import { APPLIES_TO, KIND_LABELS } from "./redaction-kinds";

const BLANK: RuleDraft = { kind: "pattern", name: "", pattern: "", ignoreCase: false };

type Row = { id: number; rule: RuleDraft };

/**
 * The rules as rows of fields named `rule.<n>.*` (n = the row's place, which the error messages
 * use). Without JavaScript the last row is blank for adding one and a rule is removed by emptying
 * its pattern; with it, Add and Remove buttons appear.
 */
export function RedactionRows({
  initial,
  atFault,
}: {
  initial: RuleDraft[];
  /** Rule numbers (1-based) that the last answer named. */
  atFault: ReadonlySet<number>;
}) {
  const [rows, setRows] = useState<Row[]>(() =>
    [...initial, BLANK].map((rule, id) => ({ id, rule })),
  );
  const [next, setNext] = useState(rows.length);
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  const setKind = (id: number, kind: RuleKind) =>
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, rule: { ...r.rule, kind } } : r)));
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="table-wrap">
        <table className={`data ${styles.rules}`}>
          <thead>
            <tr>
              <th>#</th>
              <th>Type</th>
              <th>Name</th>
              <th>Pattern, key or value</th>
              <th>Ignore case</th>
              <th>Applies to</th>
              {scripted ? <th>Remove</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ id, rule }, i) => {
              const n = i + 1;
              const bad = atFault.has(n);
              const isPattern = rule.kind === "pattern";
              return (
                <tr key={id} data-testid={`redaction-rule-${n}`} className={bad ? styles.bad : ""}>
                  <td>{n}</td>
                  <td>
                    <select
                      name={`rule.${i}.kind`}
                      defaultValue={rule.kind}
                      aria-label={`Rule ${n} type`}
                      onChange={(e) => setKind(id, e.target.value as RuleKind)}
                    >
                      {(Object.keys(KIND_LABELS) as RuleKind[]).map((k) => (
                        <option key={k} value={k}>
                          {KIND_LABELS[k]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      name={`rule.${i}.name`}
                      defaultValue={rule.name}
                      aria-label={`Rule ${n} name`}
                      placeholder={isPattern ? "employee_id" : "(patterns only)"}
                      disabled={scripted && !isPattern}
                      size={14}
                    />
                  </td>
                  <td>
                    <input
                      name={`rule.${i}.pattern`}
                      defaultValue={rule.pattern}
                      aria-label={`Rule ${n} pattern, key or value`}
                      aria-invalid={bad || undefined}
                      placeholder={PLACEHOLDERS[rule.kind]}
                      className="mono"
                      size={28}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      name={`rule.${i}.ignoreCase`}
                      defaultChecked={rule.ignoreCase}
                      aria-label={`Rule ${n} ignores case`}
                      disabled={scripted && !isPattern}
                    />
                  </td>
                  <td className="small muted">{APPLIES_TO[rule.kind]}</td>
                  {scripted ? (
                    <td>
                      <button
                        type="button"
                        className="btn btn-danger"
                        aria-label={`Remove rule ${n}`}
                        onClick={() => setRows((rs) => rs.filter((r) => r.id !== id))}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {scripted ? (
        <div>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setRows((rs) => [...rs, { id: next, rule: BLANK }]);
              setNext(next + 1);
            }}
          >
            Add rule
          </button>
        </div>
      ) : (
        <p className="small muted">
          Fill the blank last row to add a rule; empty a rule's pattern to remove it.
        </p>
      )}
    </div>
  );
}

const PLACEHOLDERS: Record<RuleKind, string> = {
  pattern: "EMP-\\d{6}",
  key: "x-session",
  allow: "support@example.com",
};
