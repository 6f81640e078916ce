import { afterAll } from "vitest";
import { openPostgresStore } from "../../db/store/postgres";
import { describePostgres, freshDatabase } from "../../test/fixtures/postgres";
import { retentionSuite } from "./retention.suite";

describePostgres("retention on PostgreSQL", () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });
  retentionSuite(async () => {
    const db = await freshDatabase();
    drops.push(db.drop);
    return openPostgresStore(db.url);
  });
});
