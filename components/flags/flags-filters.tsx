/**
 * The Flags page's filters as a plain GET form: the filter lives in the URL, so a filtered list
 * can be shared and works without script.
 */
export function FlagsFilters({
  action,
  value,
  rules,
  members,
  severities,
  statuses,
}: {
  action: string;
  value: {
    severity: string[];
    rule: string[];
    status: string[];
    subject?: string | undefined;
    assignee?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  };
  rules: { id: string; title: string }[];
  members: { userId: string; email: string }[];
  severities: readonly string[];
  statuses: readonly string[];
}) {
  return (
    <form
      method="get"
      action={action}
      className="panel row"
      aria-label="Filter flags"
      style={{ alignItems: "flex-end" }}
    >
      <label className="stack small" style={{ gap: 2 }}>
        Severity
        <select name="severity" multiple defaultValue={value.severity} size={4}>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="stack small" style={{ gap: 2 }}>
        Status
        <select name="status" multiple defaultValue={value.status} size={3}>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="stack small" style={{ gap: 2 }}>
        Rule
        <select name="rule" multiple defaultValue={value.rule} size={4}>
          {rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </label>
      <label className="stack small" style={{ gap: 2 }}>
        Subject
        <input
          name="subject"
          defaultValue={value.subject ?? ""}
          placeholder="actor id, server…"
          maxLength={1000}
        />
      </label>
      <label className="stack small" style={{ gap: 2 }}>
        Assignee
        <select name="assignee" defaultValue={value.assignee ?? ""}>
          <option value="">anyone</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.email}
            </option>
          ))}
        </select>
      </label>
      <label className="stack small" style={{ gap: 2 }}>
        Seen from
        <input type="date" name="from" defaultValue={value.from ?? ""} />
      </label>
      <label className="stack small" style={{ gap: 2 }}>
        to
        <input type="date" name="to" defaultValue={value.to ?? ""} />
      </label>
      <button type="submit" className="btn btn-primary">
        Filter
      </button>
      <a className="btn" href={action}>
        Clear
      </a>
    </form>
  );
}
