import type { Store, UserAccount } from "../../db/store/types";
import type { AuthConfig } from "./auth-config";
import { ROLES, type Role } from "./roles";

export type SsoProfile = { email: string; name: string | null; groups: string[] };

/** Lower index = more power; when several groups map to one tenant the strongest role wins. */
const RANK = new Map<Role, number>(ROLES.map((r, i) => [r, i]));

/**
 * Just-in-time provisioning from the IdP: the user is created on first sign-in, and for every
 * tenant named in OIDC_ROLE_MAP the IdP's groups are authoritative (granted, changed or removed
 * at each sign-in). Memberships in tenants the map does not name are left alone.
 */
export async function provisionSsoUser(
  store: Store,
  config: AuthConfig,
  profile: SsoProfile,
  now = new Date(),
): Promise<{ ok: true; user: UserAccount } | { ok: false; message: string }> {
  const email = profile.email.trim().toLowerCase();
  if (!email.includes("@"))
    return { ok: false, message: "Your identity provider sent no email address." };
  const wanted = new Map<string, Role>();
  for (const g of config.OIDC_ROLE_MAP) {
    if (!profile.groups.includes(g.group)) continue;
    const current = wanted.get(g.tenantId);
    if (!current || (RANK.get(g.role) ?? 99) < (RANK.get(current) ?? 99))
      wanted.set(g.tenantId, g.role);
  }
  const existing = await store.admin.findUserCredentials(email);
  if (existing?.disabledAt) return { ok: false, message: "This account is disabled." };
  const mapped = new Set(config.OIDC_ROLE_MAP.map((g) => g.tenantId));
  const had = existing ? await store.admin.membershipsOf(existing.id) : [];
  const keeps = had.filter((m) => !mapped.has(m.tenantId));
  if (wanted.size === 0 && keeps.length === 0)
    return {
      ok: false,
      message: "Your SSO account is in none of the groups that give access to Tooltrail.",
    };
  const user =
    existing ??
    (await store.admin.createUser({ email, ...(profile.name ? { name: profile.name } : {}) }));
  for (const [tenantId, role] of wanted) {
    if (!(await store.admin.getTenant(tenantId))) continue;
    await store.admin.addMembership({
      userId: user.id,
      tenantId,
      role,
      ...(role === "auditor"
        ? { expiresAt: new Date(now.getTime() + config.OIDC_AUDITOR_DAYS * 86_400_000) }
        : {}),
    });
  }
  for (const m of had)
    if (mapped.has(m.tenantId) && !wanted.has(m.tenantId))
      await store.admin.removeMembership(m.tenantId, user.id);
  const account = await store.admin.getUser(user.id);
  if (!account) return { ok: false, message: "The account could not be created." };
  return { ok: true, user: account };
}
