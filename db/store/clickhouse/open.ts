import { connectClickHouse } from "../../clickhouse/client";
import type { SqlStore } from "../sql/sql-store";
import { ClickHouseStore } from "./ch-store";

export type ClickHouseOptions = { url: string; database: string; cluster: string | null };

export async function openClickHouseStore(
  o: ClickHouseOptions,
  control: SqlStore,
): Promise<ClickHouseStore> {
  const ch = await connectClickHouse(o.url);
  return new ClickHouseStore(ch, control, { database: o.database, cluster: o.cluster });
}
