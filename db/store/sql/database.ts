import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm/sql";
import type * as schema from "../../schema";

/** The drizzle database both PGlite and node-postgres give us (one Postgres dialect). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** `execute` returns a driver-specific result; both drivers put rows under `rows`. */
export async function queryRows<T>(db: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
