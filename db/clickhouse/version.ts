/**
 * Features newer ClickHouse releases add, gated on the server's `version()`. Debian's 18.16 (the
 * version CI runs) has none of them; current releases have all.
 */
export type ClickHouseFeatures = {
  /** Server-side query parameters `{name:Type}` (19.x and later). */
  queryParameters: boolean;
  /** `DateTime64(3)`; without it, times are kept as Int64 epoch milliseconds. */
  dateTime64: boolean;
  /** `LowCardinality(String)` without the experimental setting. */
  lowCardinality: boolean;
  /** Table TTL clauses (never used for audit data, but gated like the rest). */
  ttl: boolean;
  /** Server-side batching of small inserts. */
  asyncInsert: boolean;
  /** `JSONExtract*` functions. */
  jsonExtract: boolean;
};

export type ClickHouseVersion = { major: number; minor: number; text: string };

export function parseVersion(text: string): ClickHouseVersion {
  const m = /^(\d+)\.(\d+)/.exec(text.trim());
  if (!m) throw new Error(`unrecognised ClickHouse version: ${text}`);
  return { major: Number(m[1]), minor: Number(m[2]), text: text.trim() };
}

function atLeast(v: ClickHouseVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function featuresOf(v: ClickHouseVersion): ClickHouseFeatures {
  return {
    queryParameters: atLeast(v, 19, 11),
    dateTime64: atLeast(v, 20, 1),
    lowCardinality: atLeast(v, 19, 3),
    ttl: atLeast(v, 19, 6),
    asyncInsert: atLeast(v, 21, 11),
    jsonExtract: atLeast(v, 19, 1),
  };
}
