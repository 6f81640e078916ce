import type {
  MembershipRecord,
  Store,
  TenantRecord,
  TenantStore,
  UserAccount,
} from "../../db/store/types";
import { TooltrailError } from "../core/errors";
import { dashboardRuntime } from "../runtime/dashboard-runtime";
import { can, type Permission } from "./permissions";
import { ROLES, type Role } from "./roles";
import { resolveSession } from "./sessions";

/** Why access was refused; `status` is what a route handler answers. */
export class AccessError extends TooltrailError {
  constructor(
    readonly status: 401 | 403 | 404,
    readonly reason: "signed-out" | "not-found" | "forbidden" | "expired",
    message: string,
  ) {
    super(reason, message);
  }
}

/** What a page, route handler or action may use once the guard let it through. */
export type Access = {
  user: UserAccount;
  tenant: TenantRecord;
  role: Role;
  /** Tenant-scoped store: the only way the caller reaches tenant data. */
  store: TenantStore;
  /** The live session the request came with. */
  sessionId: string;
  memberships: MembershipRecord[];
  can(permission: Permission): boolean;
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A membership with an end date (auditors) counts only before that date. */
export function membershipActive(m: { expiresAt: Date | null }, now: Date): boolean {
  return m.expiresAt === null || m.expiresAt.getTime() > now.getTime();
}

/**
 * The one guard. Every page, route handler and server action calls it (through app/_lib/guard.ts,
 * which reads the session cookie and request) before it reads or changes anything. The session
 * must be live on the server (not signed out, revoked or expired: one primary-key lookup that
 * also yields the account). A tenant the user does not belong to is "not found", so ids of other
 * tenants reveal nothing.
 */
/** The guard over the running server's store: what the dashboard's adapters call. */
export function authorizeRequest(input: {
  sessionId: string | null;
  tenantId: string;
  permission: Permission;
}): Promise<Access> {
  return authorize(dashboardRuntime().store, input);
}

export async function authorize(
  store: Store,
  input: { sessionId: string | null; tenantId: string; permission: Permission; now?: Date },
): Promise<Access> {
  const now = input.now ?? new Date();
  const session = await resolveSession(store, input.sessionId, now);
  if (!session) throw new AccessError(401, "signed-out", "sign in to continue");
  const { user } = session;
  const memberships = await store.admin.membershipsOf(user.id);
  const m = memberships.find((x) => x.tenantId === input.tenantId);
  if (!m || !isRole(m.role)) throw new AccessError(404, "not-found", "no such organisation");
  if (!membershipActive(m, now)) {
    throw new AccessError(
      403,
      "expired",
      `your access to ${m.tenantName} ended on ${m.expiresAt?.toISOString().slice(0, 10)}; ask an owner to extend it`,
    );
  }
  const role = m.role;
  if (!can(role, input.permission)) {
    throw new AccessError(403, "forbidden", `your role may not do this (${input.permission})`);
  }
  const tenant = await store.admin.getTenant(input.tenantId);
  if (!tenant) throw new AccessError(404, "not-found", "no such organisation");
  return {
    user,
    tenant,
    role,
    store: store.forTenant(tenant.id),
    sessionId: session.id,
    memberships: memberships.filter((x) => isRole(x.role) && membershipActive(x, now)),
    can: (p) => can(role, p),
  };
}

/**
 * CSRF defence for every mutation, on top of SameSite cookies: the request must come from our own
 * origin (Origin header, or Sec-Fetch-Site for browsers that omit Origin on same-origin posts).
 */
export function assertSameOrigin(
  header: (name: string) => string | null,
  allowedOrigins: readonly string[],
): void {
  const origin = header("origin");
  if (origin) {
    if (!allowedOrigins.includes(origin))
      throw new AccessError(403, "forbidden", "cross-site request refused");
    return;
  }
  if (header("sec-fetch-site") === "same-origin") return;
  throw new AccessError(403, "forbidden", "cross-site request refused (no Origin header)");
}
