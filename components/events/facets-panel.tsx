import Link from "next/link";
import { visible } from "@/components/ui/visible";
import { facetQueryText } from "@/lib/queries/facet-links";
import { type ViewState, viewQuery } from "@/lib/queries/filters";
import type { EventFacets, Facet } from "@/lib/services/reads/event-facets";
import styles from "./facets-panel.module.css";

const LABELS: Record<string, string> = {
  actor: "Actor",
  tool: "Tool",
  server: "Server",
  client: "Client",
  outcome: "Outcome",
  verdict: "Verdict",
  agent: "Agent",
  policy: "Policy",
  classification: "Classification",
};

const int = new Intl.NumberFormat("en-US");

/**
 * Counts per value beside the explorer: each facet's top values over the current view, a link
 * that adds `field:value` to the search and one that adds `-field:value` (both back to the first
 * page), and what the top leaves out. Values are event content: shown as text only.
 */
export function FacetsPanel(p: {
  facets: EventFacets;
  view: ViewState;
  path: string;
  keep: Record<string, string>;
}) {
  return (
    <aside aria-label="Counts per value" data-testid="facets">
      <details className={`panel ${styles.facets}`} open>
        <summary>Counts per value</summary>
        {p.facets.facets.map((f) => (
          <FacetList key={f.dimension} facet={f} {...p} />
        ))}
      </details>
    </aside>
  );
}

function FacetList(p: {
  facet: Facet;
  view: ViewState;
  path: string;
  keep: Record<string, string>;
}) {
  const { facet, view } = p;
  const label = LABELS[facet.dimension] ?? facet.dimension;
  const href = (value: string, exclude: boolean) => {
    const q = facetQueryText(view.text, facet.dimension, value, exclude);
    return q === null ? null : `${p.path}?${viewQuery(view, { ...p.keep, q })}`;
  };
  return (
    <section aria-label={label} data-testid={`facet-${facet.dimension}`}>
      <h3>{label}</h3>
      {facet.sample !== null ? (
        <p className="muted small">Of the newest {int.format(facet.sample)} matching events.</p>
      ) : null}
      {facet.top.length === 0 && facet.missing === 0 ? (
        <p className="muted small">No values.</p>
      ) : (
        <ul className={styles.values}>
          {facet.top.map((e) => {
            const only = href(e.key, false);
            const not = href(e.key, true);
            const shown = visible(e.key);
            return (
              <li key={e.key}>
                <span className={styles.name} title={shown}>
                  {only ? (
                    <Link href={only} aria-label={`Only ${label.toLowerCase()} ${shown}`}>
                      {shown}
                    </Link>
                  ) : (
                    shown
                  )}
                </span>
                <span className={styles.count}>{int.format(e.count)}</span>
                {not ? (
                  <Link
                    href={not}
                    className={styles.exclude}
                    aria-label={`Exclude ${label.toLowerCase()} ${shown}`}
                    title={`Exclude ${shown}`}
                  >
                    −
                  </Link>
                ) : (
                  <span />
                )}
              </li>
            );
          })}
          {facet.other > 0 ? (
            <li className="muted">
              <span>other values</span>
              <span className={styles.count}>{int.format(facet.other)}</span>
              <span />
            </li>
          ) : null}
          {facet.missing > 0 ? (
            <li className="muted">
              <span>no {label.toLowerCase()}</span>
              <span className={styles.count}>{int.format(facet.missing)}</span>
              <span />
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

/** How many events the view matches, or at least how many when counting stopped at the cap. */
export function MatchCount({ total }: { total: EventFacets["total"] }) {
  return (
    <span data-testid="match-count" data-exact={total.exact ? "true" : "false"}>
      {total.exact
        ? `${int.format(total.count)} ${total.count === 1 ? "event matches" : "events match"}`
        : `At least ${int.format(total.count)} events match (counting stopped there)`}
    </span>
  );
}

/** Facets layout: the panel beside the explorer's rows. */
export function FacetsLayout(p: { aside: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className={styles.layout}>
      {p.aside}
      <div style={{ minWidth: 0 }}>{p.children}</div>
    </div>
  );
}
