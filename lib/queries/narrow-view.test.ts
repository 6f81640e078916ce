import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { eventRow } from "../../test/fixtures/event-rows";
import { parseView } from "./filters";
import { narrowToStoredEvents } from "./narrow-view";
import { bucketStarts, MAX_CHART_BUCKETS } from "./time-range";

describe("a long custom range on a chart page", () => {
  const now = new Date("2026-03-01T10:00:00.000Z");
  let store: Store;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    for (const id of ["acme", "empty"]) await store.admin.createTenant({ id, name: id });
    await store.rawInsertEvents(
      Array.from({ length: 10 }, (_, i) =>
        eventRow({
          tenantId: "acme",
          id: `e-${i}`,
          time: new Date(Date.UTC(2026, 0, 10, 15) + i * 86_400_000).toISOString(),
          leafIndex: i,
        }),
      ),
    );
  });
  afterAll(() => store?.close());

  const custom = (from: string, to: string) => parseView({ range: "custom", from, to }, now);

  it("starts at the day of the earliest stored event, drawn in finer bars", async () => {
    const asked = custom("1970-01-01", "9999-12-31");
    const v = await narrowToStoredEvents(asked, store.forTenant("acme"));
    expect(v.from.toISOString()).toBe("2026-01-10T00:00:00.000Z");
    expect(v.to).toEqual(asked.to);
    expect(v.clamped).toBe(true);
    expect(v.bucketSeconds).toBeLessThan(asked.bucketSeconds);
    expect(bucketStarts(v.from, v.to, v.bucketSeconds).length).toBeLessThanOrEqual(
      MAX_CHART_BUCKETS + 1,
    );
  });

  it("leaves ranges alone that are short, start after the data, or hold nothing", async () => {
    const acme = store.forTenant("acme");
    const short = custom("2025-12-01", "2025-12-31");
    expect(await narrowToStoredEvents(short, acme)).toBe(short);
    const later = custom("2026-01-15", "2026-03-01");
    expect(await narrowToStoredEvents(later, acme)).toBe(later);
    const long = custom("2001-01-01", "2026-03-01");
    expect(await narrowToStoredEvents(long, store.forTenant("empty"))).toBe(long);
    const preset = parseView({ range: "30d" }, now);
    expect(await narrowToStoredEvents(preset, acme)).toBe(preset);
  });
});
