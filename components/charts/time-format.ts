/** A bucket's start as the charts label it: time of day, with the date for hour buckets or more. */
export function bucketLabel(t: number, tz: "utc" | "local", long: boolean): string {
  const o: Intl.DateTimeFormatOptions = long
    ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
    : { hour: "2-digit", minute: "2-digit" };
  return new Date(t).toLocaleString("en-GB", {
    ...o,
    ...(tz === "utc" ? { timeZone: "UTC" } : {}),
  });
}
