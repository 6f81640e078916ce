import type { Store, UserAccount } from "../../db/store/types";
import type { AuthConfig } from "./auth-config";
import { ROLES, type Role } from "./roles";
import { endSessionsOf } from "./sessions";
import type { SsoRefusal } from "./sign-in-errors";

export type SsoProfile = {
  email: string;
  name: string | null;
  groups: string[];
  /** The IdP's `email_verified` claim, when it sends one. */
  emailVerified?: boolean;
};

/**
 * What a first SSO sign-in undid on an account whose password came from an invitation link: the
 * IdP proves the email, the link did not, so whoever chose that password (perhaps not the email's
 * owner) loses it, its sessions, and the memberships accepted with it.
 */
export type PasswordCleared = { removedTenants: string[]; endedSessions: number };

export type SsoResult =
  | { ok: true; user: UserAccount; passwordCleared: PasswordCleared | null }
  | { ok: false; code: SsoRefusal };

/** Lower index = more power; when several groups map to one tenant the strongest role wins. */
const RANK = new Map<Role, number>(ROLES.map((r, i) => [r, i]));

/**
 * Just-in-time provisioning from the IdP: the user is created on first sign-in, and for every
 * tenant named in OIDC_ROLE_MAP the IdP's groups are authoritative (granted, changed or removed
 * at each sign-in). Memberships in tenants the map does not name are left alone. A membership
 * removed here ends the account's other sessions.
 */
export async function provisionSsoUser(
  store: Store,
  config: AuthConfig,
  profile: SsoProfile,
  now = new Date(),
): Promise<SsoResult> {
  const email = profile.email.trim().toLowerCase();
  if (!email.includes("@")) return { ok: false, code: "SsoNoEmail" };
  // An IdP that says the address is unverified proves nothing about it.
  if (profile.emailVerified === false) return { ok: false, code: "SsoEmailUnverified" };
  const wanted = new Map<string, Role>();
  for (const g of config.OIDC_ROLE_MAP) {
    if (!profile.groups.includes(g.group)) continue;
    const current = wanted.get(g.tenantId);
    if (!current || (RANK.get(g.role) ?? 99) < (RANK.get(current) ?? 99))
      wanted.set(g.tenantId, g.role);
  }
  const existing = await store.admin.findUserCredentials(email);
  if (existing?.disabledAt) return { ok: false, code: "SsoDisabled" };
  const passwordCleared =
    existing?.passwordHash && existing.passwordSetVia !== "operator"
      ? await clearLinkPassword(store, existing.id, now)
      : null;
  const mapped = new Set(config.OIDC_ROLE_MAP.map((g) => g.tenantId));
  const had = existing ? await store.admin.membershipsOf(existing.id) : [];
  const keeps = had.filter((m) => !mapped.has(m.tenantId));
  if (wanted.size === 0 && keeps.length === 0) return { ok: false, code: "SsoNoGroups" };
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
  let removed = false;
  for (const m of had)
    if (mapped.has(m.tenantId) && !wanted.has(m.tenantId))
      removed = (await store.admin.removeMembership(m.tenantId, user.id)) || removed;
  if (removed) await endSessionsOf(store, user.id, { now });
  const account = await store.admin.getUser(user.id);
  if (!account) return { ok: false, code: "OAuthCreateAccount" };
  return { ok: true, user: account, passwordCleared };
}

async function clearLinkPassword(
  store: Store,
  userId: string,
  now: Date,
): Promise<PasswordCleared> {
  await store.admin.setUserPassword(userId, null, null);
  const removedTenants: string[] = [];
  for (const tenantId of await store.admin.invitations.acceptedBy(userId))
    if (await store.admin.removeMembership(tenantId, userId)) removedTenants.push(tenantId);
  const endedSessions = await endSessionsOf(store, userId, { now });
  return { removedTenants, endedSessions };
}
