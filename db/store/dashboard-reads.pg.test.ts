import { afterAll } from "vitest";
import { describePostgres, freshDatabase } from "../../test/fixtures/postgres";
import { dashboardReadSuite } from "./dashboard-reads.suite";
import { openPostgresStore } from "./postgres";

describePostgres("dashboard reads on PostgreSQL", () => {
  let drop: (() => Promise<void>) | null = null;
  afterAll(async () => drop?.());
  dashboardReadSuite(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    return openPostgresStore(db.url);
  });
});
