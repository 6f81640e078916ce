import pg from "pg";
import { afterAll, inject } from "vitest";
import { describePostgres } from "../../test/fixtures/postgres";
import { onPostgres } from "../../test/fixtures/store-backends";
import { eventSortSuite } from "./event-sort.suite";
import { openPostgresStore } from "./postgres";

onPostgres("event sorting", eventSortSuite);

/**
 * A database whose collation is a natural-language one (ICU en-US: case and accents folded),
 * as many production clusters have: the order must still be the byte order of every backend.
 */
describePostgres("event sorting on PostgreSQL with an en-US collation", () => {
  const name = `t_icu_${process.pid}_${Date.now().toString(36)}`;
  const base = inject("postgresUrl") ?? "";
  async function admin(sql: string) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  eventSortSuite(async () => {
    await admin(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`,
    );
    return openPostgresStore(base.replace(/\/postgres$/, `/${name}`));
  });
});
