import { afterAll } from "vitest";
import { openPostgresStore } from "../db/store/postgres";
import { describePostgres, freshDatabase } from "../test/fixtures/postgres";
import { ingestApiSuite } from "./ingest-api.suite";

describePostgres("ingest API on PostgreSQL", () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });
  ingestApiSuite(async () => {
    const db = await freshDatabase();
    drops.push(db.drop);
    return openPostgresStore(db.url);
  });
});
