import Link from "next/link";
import {
  type EventSummary,
  P95_ABSOLUTE_ERROR_BELOW_16_MS,
  P95_RELATIVE_ERROR,
} from "@/lib/queries/overview";

function pct(n: number, d: number): string {
  if (d === 0) return "–";
  const v = (n / d) * 100;
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)}%`;
}

const int = new Intl.NumberFormat("en-US");

/** p95 comes from a duration histogram (db/store/duration-buckets.ts): say how close it is. */
const P95_NOTE = `approximate: within ±${(P95_RELATIVE_ERROR * 100).toFixed(1)}% (±${P95_ABSOLUTE_ERROR_BELOW_16_MS} ms below 16 ms)`;

function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 16 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function Kpis({
  s,
  explorer,
}: {
  s: EventSummary;
  explorer: (over: Record<string, string>) => string | null;
}) {
  const o = s.outcomes;
  const items: { label: string; value: string; sub?: string; href?: string | null }[] = [
    { label: "Calls", value: int.format(s.events), href: explorer({}) },
    { label: "Distinct actors", value: int.format(s.actors) },
    {
      label: "Error rate",
      value: pct(o.error ?? 0, s.events),
      sub: `${int.format(o.error ?? 0)} errors`,
      href: explorer({ outcome: "error" }),
    },
    {
      label: "Denial rate",
      value: pct(o.denied ?? 0, s.events),
      sub: `${int.format(o.denied ?? 0)} denied`,
      href: explorer({ outcome: "denied" }),
    },
    {
      label: "Rate-limited",
      value: int.format(o.rate_limited ?? 0),
      href: explorer({ outcome: "rate_limited" }),
    },
    {
      label: "Invalid inputs",
      value: int.format(o.invalid ?? 0),
      href: explorer({ outcome: "invalid" }),
    },
    {
      label: "Redactions",
      value: int.format(s.redactions),
      sub: "secrets and personal data removed",
    },
    {
      label: "p95 duration",
      value: s.p95DurationMs === null ? "–" : `≈ ${duration(s.p95DurationMs)}`,
      sub: P95_NOTE,
    },
  ];
  return (
    <section className="grid grid-kpi" aria-label="Key figures">
      {items.map((k) => (
        <div
          key={k.label}
          className="panel kpi"
          data-testid={`kpi-${k.label.toLowerCase().replace(/\W+/g, "-")}`}
        >
          <div className="kpi-label">{k.label}</div>
          <div className="kpi-value">{k.href ? <Link href={k.href}>{k.value}</Link> : k.value}</div>
          {k.sub ? <div className="kpi-sub">{k.sub}</div> : null}
        </div>
      ))}
    </section>
  );
}
