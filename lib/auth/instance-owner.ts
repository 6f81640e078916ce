import type { Store } from "../../db/store/types";
import type { Access } from "./guard";

/**
 * Whether the user owns every organisation on this instance. The instance security log is about
 * no one tenant (an unknown email could be any organisation's typo), so only someone who already
 * sees every tenant as owner reads it: one tenant's owner must not learn of another's users.
 */
export async function ownsWholeInstance(store: Store, access: Access): Promise<boolean> {
  const owned = new Set(
    access.memberships.filter((m) => m.role === "owner").map((m) => m.tenantId),
  );
  const tenants = await store.admin.listTenants();
  return tenants.length > 0 && tenants.every((t) => owned.has(t.id));
}
