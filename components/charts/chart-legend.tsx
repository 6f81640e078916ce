import Link from "next/link";
import styles from "./charts.module.css";
import type { Series } from "./series";

/**
 * The legend as a list of links (each to the explorer filtered to its series), in the page's
 * text colour beside a swatch of the series colour, so the label reads at 4.5:1 whatever the
 * series colour is.
 */
export function ChartLegend({
  series,
  hrefs,
  totals,
}: {
  series: Series[];
  hrefs?: Record<string, string>;
  totals: Record<string, number>;
}) {
  const int = new Intl.NumberFormat("en-US");
  return (
    <ul className={styles.legend} aria-label="Legend">
      {series.map((s) => {
        const href = hrefs?.[s.key];
        const body = (
          <>
            <span className={styles.swatch} style={{ background: s.color }} aria-hidden="true" />
            {s.label} <span className={styles.total}>{int.format(totals[s.key] ?? 0)}</span>
          </>
        );
        return (
          <li key={s.key} data-series={s.key}>
            {href ? <Link href={href}>{body}</Link> : body}
          </li>
        );
      })}
    </ul>
  );
}
