"use client";

import { useEffect, useState } from "react";

/**
 * A timestamp in UTC (rendered on the server) or in the browser's zone (after hydration, since
 * only the browser knows it). Always with the exact ISO value as a tooltip.
 */
export function Time({
  iso,
  tz,
  withDate = true,
}: {
  iso: string;
  tz: "utc" | "local";
  withDate?: boolean;
}) {
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    if (tz === "local") setLocal(format(iso, false, withDate));
  }, [iso, tz, withDate]);
  return (
    <time dateTime={iso} title={iso}>
      {tz === "local" && local ? local : format(iso, true, withDate)}
    </time>
  );
}

function format(iso: string, utc: boolean, withDate: boolean): string {
  const d = new Date(iso);
  const s = d.toLocaleString("sv-SE", {
    ...(utc ? { timeZone: "UTC" } : {}),
    ...(withDate ? { year: "numeric", month: "2-digit", day: "2-digit" } : {}),
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  return `${s}.${String(d.getUTCMilliseconds()).padStart(3, "0")}${utc ? "Z" : ""}`;
}
