import type { TenantCtx } from "../context";
import type { DeliveryView, DestinationView } from "./destination-view";
import { listDeliveries } from "./list-deliveries";
import { listDestinations } from "./list-destinations";

export type NotificationsView = {
  destinations: DestinationView[];
  /** Null when the role may not read the log (it needs flags:read). */
  deliveries: DeliveryView[] | null;
  /** Whether the role may add, remove and test destinations. */
  manage: boolean;
  /** Whether http:// and private addresses are accepted (the form's hint). */
  allowPrivate: boolean;
};

/**
 * The settings page's Notifications section, or null for a role that may neither configure
 * destinations nor read flags.
 */
export async function viewNotifications({
  ctx,
}: {
  ctx: TenantCtx;
  input?: unknown;
}): Promise<NotificationsView | null> {
  const manage = ctx.can("detection:configure");
  const read = ctx.can("flags:read");
  if (!manage && !read) return null;
  return {
    destinations: await listDestinations({ ctx }),
    deliveries: read ? await listDeliveries({ ctx, input: { limit: 50 } }) : null,
    manage,
    allowPrivate: ctx.notify?.allowPrivate ?? false,
  };
}
