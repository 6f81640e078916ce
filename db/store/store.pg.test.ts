import { afterAll } from "vitest";
import { describePostgres, freshDatabase } from "../../test/fixtures/postgres";
import { openPostgresStore } from "./postgres";
import { storeReadSuite } from "./store.suite";

describePostgres("store reads on PostgreSQL", () => {
  let drop: (() => Promise<void>) | null = null;
  afterAll(async () => drop?.());
  storeReadSuite(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    return openPostgresStore(db.url);
  });
});
