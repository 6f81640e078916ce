import { afterAll } from "vitest";
import { describePostgres, freshDatabase } from "../../test/fixtures/postgres";
import { openPostgresStore } from "./postgres";
import { sourceCoverageSuite } from "./source-coverage.suite";

describePostgres("source coverage on PostgreSQL", () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });
  sourceCoverageSuite(async () => {
    const db = await freshDatabase();
    drops.push(db.drop);
    return openPostgresStore(db.url);
  });
});
