import Link from "next/link";
import { OUTCOMES } from "@/lib/core/contract";
import {
  FILTER_DIMENSIONS,
  type FilterDimension,
  type ViewState,
  viewQuery,
} from "@/lib/queries/filters";
import { RangeControls } from "./range-controls";

/** The filter form's free-text inputs, in order; outcome is a choice among the contract's. */
const TEXT_FILTERS = [
  { name: "server", label: "Server" },
  { name: "tool", label: "Tool" },
  { name: "actor", label: "Actor" },
  { name: "client", label: "Client" },
] as const satisfies readonly { name: Exclude<FilterDimension, "outcome">; label: string }[];

/** Every filter and the search unset: what the filter form replaces and "Clear all" drops. */
const NO_FILTERS: Record<string, null> = Object.fromEntries(
  [...FILTER_DIMENSIONS, "q"].map((k) => [k, null]),
);

/**
 * Time range, zone and filters as plain links and GET forms: the whole view lives in the URL, works
 * without script, and can be shared.
 */
export function ViewToolbar({
  path,
  view,
  extra,
  search = true,
}: {
  path: string;
  view: ViewState;
  extra?: Record<string, string>;
  /** Free-text search (over payloads) for roles that may read them. */
  search?: boolean;
}) {
  const hidden = (over: Record<string, string | null>) =>
    [...new URLSearchParams(viewQuery(view, over)).entries()].map(([k, v]) => (
      <input key={k} type="hidden" name={k} value={v} />
    ));
  const active = FILTER_DIMENSIONS.flatMap((d) => view.values[d].map((v) => ({ d, v })));
  return (
    <div className="stack" style={{ gap: 8, marginBottom: 14 }}>
      <div className="toolbar" role="toolbar" aria-label="Time range and filters">
        <RangeControls path={path} range={view} query={(over) => viewQuery(view, over)} />
        <fieldset className="seg" aria-label="Time zone" style={{ marginLeft: "auto" }}>
          <Link
            href={`${path}?${viewQuery(view, { tz: null })}`}
            aria-current={view.tz === "utc" ? "true" : undefined}
          >
            UTC
          </Link>
          <Link
            href={`${path}?${viewQuery(view, { tz: "local" })}`}
            aria-current={view.tz === "local" ? "true" : undefined}
          >
            Local
          </Link>
        </fieldset>
      </div>
      <form method="get" action={path} className="toolbar" aria-label="Filters">
        {hidden(NO_FILTERS)}
        {Object.entries(extra ?? {}).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {search ? (
          <input
            name="q"
            placeholder="Search tool, actor, error, arguments…"
            defaultValue={view.text}
            style={{ minWidth: 240 }}
            aria-label="Search"
          />
        ) : null}
        {TEXT_FILTERS.map((f) => (
          <input
            key={f.name}
            name={f.name}
            placeholder={f.name}
            defaultValue={view.values[f.name].join(",")}
            size={10}
            aria-label={f.label}
          />
        ))}
        <select name="outcome" defaultValue={view.values.outcome[0] ?? ""} aria-label="Outcome">
          <option value="">any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <button className="btn btn-primary" type="submit">
          Apply
        </button>
      </form>
      {active.length > 0 || view.text ? (
        <fieldset className="row" aria-label="Active filters">
          {active.map(({ d, v }) => (
            <span key={`${d}:${v}`} className="chip">
              {d}: {v}
              <Link
                href={`${path}?${viewQuery(view, { [d]: view.values[d].filter((x) => x !== v) })}`}
                aria-label={`Remove ${d} ${v}`}
              >
                ×
              </Link>
            </span>
          ))}
          {view.text ? (
            <span className="chip">
              “{view.text}”
              <Link href={`${path}?${viewQuery(view, { q: null })}`} aria-label="Clear search">
                ×
              </Link>
            </span>
          ) : null}
          <Link className="small" href={`${path}?${viewQuery(view, NO_FILTERS)}`}>
            Clear all
          </Link>
        </fieldset>
      ) : null}
    </div>
  );
}
