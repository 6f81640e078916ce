import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { visible } from "@/components/ui/visible";
import type { TopRow } from "@/lib/queries/overview";

export function TopList({
  title,
  rows,
  href,
}: {
  title: string;
  rows: TopRow[];
  href: (key: string) => string | null;
}) {
  const int = new Intl.NumberFormat("en-US");
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted small">Nothing in this range.</p>
      ) : (
        <ol className="toplist">
          {rows.map((r) => {
            const link = href(r.key);
            return (
              <li key={r.key}>
                <span className="name" title={r.key}>
                  {link ? <Link href={link}>{visible(r.key)}</Link> : visible(r.key)}
                </span>
                <Sparkline values={r.spark} />
                <span className="count">{int.format(r.count)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
