import type { StoredEvent } from "../../lib/core/contract/stored-event";
import { type Harness, startHarness } from "../../test/fixtures/ingest-harness";

/** A real Tooltrail ingestion endpoint (in-memory PGlite) with a tenant and an ingest key. */
export async function startTooltrail(
  env: Record<string, string> = {},
): Promise<{ harness: Harness; url: string; key: string; tenant: string }> {
  const harness = await startHarness({ env: { INGEST_WORKERS: "0", ...env } });
  const tenant = "acme";
  const key = await harness.tenantWithKey(tenant);
  return { harness, url: harness.url, key, tenant };
}

/** Every stored event of the tenant, oldest first. */
export async function storedEvents(h: Harness, tenant: string): Promise<StoredEvent[]> {
  const store = (await h.stored()).forTenant(tenant);
  const out: StoredEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listEvents({ limit: 1000, order: "asc", cursor });
    out.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** Waits until `check` holds (events are shipped asynchronously). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
