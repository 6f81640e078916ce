const same = (v: string) => ({ value: v, label: v });

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
      {(
        [
          { name: "severity", label: "Severity", size: 4, options: severities.map(same) },
          { name: "status", label: "Status", size: 3, options: statuses.map(same) },
          {
            name: "rule",
            label: "Rule",
            size: 4,
            options: rules.map((r) => ({ value: r.id, label: r.title })),
          },
        ] as const
      ).map((f) => (
        <label key={f.name} className="stack small" style={{ gap: 2 }}>
          {f.label}
          <select name={f.name} multiple defaultValue={value[f.name]} size={f.size}>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ))}
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
