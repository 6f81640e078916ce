import { audit, requirePermission, type TenantCtx } from "../context";
import { listKeys } from "../keys/list-keys";
import { listMembers, listPendingInvitations } from "../members/list-members";
import { readRedaction } from "../redaction/save-redaction";

/**
 * What the settings page shows, each part only to a role that may read it (null otherwise), and
 * the `settings.view` audit event: a read that cannot be recorded is not served.
 */
export async function viewSettings({ ctx }: { ctx: TenantCtx; input?: unknown }) {
  requirePermission(ctx, "settings:read");
  const [members, invitations, keys] = await Promise.all([
    ctx.can("members:read") ? listMembers({ ctx }) : null,
    ctx.can("members:read") ? listPendingInvitations({ ctx }) : [],
    ctx.can("keys:read") ? listKeys({ ctx }) : null,
  ]);
  await audit(ctx, { action: "settings.view" });
  return {
    members,
    invitations,
    keys,
    redaction: readRedaction({ ctx }),
    may: {
      manageMembers: ctx.can("members:manage"),
      manageKeys: ctx.can("keys:manage"),
      manageSettings: ctx.can("settings:manage"),
    },
  };
}
