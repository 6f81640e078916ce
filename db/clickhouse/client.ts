import { type ClickHouseClient, createClient } from "@clickhouse/client";
import type { z } from "zod";
import { type ChFragment, render } from "./binder";
import {
  type ClickHouseFeatures,
  type ClickHouseVersion,
  featuresOf,
  parseVersion,
} from "./version";

/**
 * A ClickHouse connection that knows its server: every query is rendered by the binder (server
 * parameters when available, escaped literals otherwise) and every row is checked by zod.
 */
export type ClickHouse = {
  client: ClickHouseClient;
  version: ClickHouseVersion;
  features: ClickHouseFeatures;
  query<S extends z.ZodType>(
    q: ChFragment,
    row: S,
    opts?: { timeoutMs?: number },
  ): Promise<z.output<S>[]>;
  command(q: ChFragment): Promise<void>;
  close(): Promise<void>;
};

export async function connectClickHouse(
  url: string,
  opts: { database?: string; forceInline?: boolean } = {},
): Promise<ClickHouse> {
  const client = createClient({
    url,
    ...(opts.database ? { database: opts.database } : {}),
    request_timeout: 30_000,
  });
  const rs = await client.query({ query: "SELECT version() AS v", format: "JSONEachRow" });
  const [row] = (await rs.json()) as { v: string }[];
  const version = parseVersion(row?.v ?? "");
  const features = featuresOf(version);
  const mode = features.queryParameters && !opts.forceInline ? "params" : "inline";
  return {
    client,
    version,
    features,
    async query(q, schema, o = {}) {
      const { query, params } = render(q, mode);
      const result = await client.query({
        query,
        format: "JSONEachRow",
        ...(mode === "params" ? { query_params: params } : {}),
        ...(o.timeoutMs ? { abort_signal: AbortSignal.timeout(o.timeoutMs) } : {}),
      });
      const rows = (await result.json()) as unknown[];
      return rows.map((r) => schema.parse(r));
    },
    async command(q) {
      const { query, params } = render(q, mode);
      await client.command({ query, ...(mode === "params" ? { query_params: params } : {}) });
    },
    close: () => client.close(),
  };
}
