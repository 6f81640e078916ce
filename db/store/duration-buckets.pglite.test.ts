import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../migrations-path";
import { DURATION_THRESHOLDS, durationBucket } from "./duration-buckets";
import { queryRows } from "./sql/database";

/**
 * The migration's `tooltrail_duration_bucket` (which the rollup triggers and raw reads call)
 * holds a copy of the thresholds: it must bucket exactly as db/store/duration-buckets.ts does.
 */
describe("the SQL duration bucket function", () => {
  const client = new PGlite();
  const db = drizzle({ client });
  beforeAll(async () => {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  });
  afterAll(async () => client.close());

  it("agrees with the shared scheme at and around every threshold", async () => {
    const probes = [0, 0.5, 7 * 86_400_000, 2 ** 31];
    for (const t of DURATION_THRESHOLDS) probes.push(t, t - 0.001, t + 0.001, t - 1e-9);
    const rows = await queryRows<{ i: number; b: number }>(
      db,
      sql`SELECT i, tooltrail_duration_bucket(v) AS b FROM (VALUES ${sql.join(
        probes.map((v, i) => sql`(${i}::int, ${String(v)}::double precision)`),
        sql`, `,
      )}) AS p(i, v) ORDER BY i`,
    );
    expect(rows.map((r) => Number(r.b))).toEqual(probes.map(durationBucket));
  });
});
