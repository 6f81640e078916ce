import type { TenantStore } from "../../db/store/types";
import type { ViewState } from "./filters";
import { chartBucketSeconds } from "./time-range";

const DAY_MS = 86_400_000;
/** Shorter custom ranges are drawn as asked: no read is worth saving there. */
const NARROW_FROM_MS = 31 * DAY_MS;

/**
 * A long custom range starts at the tenant's earliest stored event in it (floored to a UTC day,
 * which the daily rollups answer), so a chart of "everything" spans the data instead of decades
 * of empty bars before it. One read: the first event in time order (an index lookup on the SQL
 * stores). Nothing is cut off: no event of the range is older.
 */
export async function narrowToStoredEvents(
  view: ViewState,
  store: TenantStore,
): Promise<ViewState> {
  if (view.range !== "custom" || view.to.getTime() - view.from.getTime() <= NARROW_FROM_MS)
    return view;
  const first = await store.listEvents({ from: view.from, to: view.to, limit: 1, order: "asc" });
  const time = first.events[0]?.time;
  if (!time) return view;
  const day = Math.floor(Date.parse(time) / DAY_MS) * DAY_MS;
  if (day <= view.from.getTime()) return view;
  const from = new Date(day);
  return {
    ...view,
    from,
    clamped: true,
    bucketSeconds: chartBucketSeconds((view.to.getTime() - day) / 1000),
  };
}
