import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { describeClickHouse } from "../../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../../test/fixtures/clickhouse-server";
import { chsql } from "../../clickhouse/binder";
import { type ClickHouse, connectClickHouse } from "../../clickhouse/client";
import { DURATION_THRESHOLDS, durationBucket } from "../duration-buckets";
import { chDurationBucket, chDurationBucketByThresholds } from "./ch-duration-bucket";

describeClickHouse("the duration bucket on ClickHouse", () => {
  let server: ClickHouseServer;
  let ch: ClickHouse;
  beforeAll(async () => {
    server = await startClickHouse();
    ch = await connectClickHouse(server.url);
  });
  afterAll(async () => {
    await ch?.close();
    await server?.stop();
  });

  it("buckets exactly as the shared scheme, at and around every threshold", async () => {
    const probes = [0, 0.25, 7 * 86_400_000, 2 ** 30, 2 ** 31 + 0.5, 3e12];
    for (const t of DURATION_THRESHOLDS) probes.push(t, t - 0.001, t + 0.001, t - 1e-7, t - 1);
    // Values as data (JSONEachRow), never as SQL text; Float64 like the events column.
    await ch.command(chsql`CREATE TABLE default.probes (i UInt32, d Float64) ENGINE = Memory`);
    await ch.client.insert({
      table: "default.probes",
      values: probes.map((d, i) => ({ i, d })),
      format: "JSONEachRow",
    });
    const rows = await ch.query(
      chsql`SELECT ${chsql([chDurationBucket("d")])} AS b, ${chsql([chDurationBucketByThresholds("d")])} AS c
            FROM default.probes ORDER BY i`,
      z.object({ b: z.coerce.number(), c: z.coerce.number() }),
    );
    expect(rows.map((r) => r.b)).toEqual(probes.map(durationBucket));
    expect(rows.map((r) => r.c)).toEqual(probes.map(durationBucket));
  });
});
