import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { sessionCookie } from "@/app/_lib/next-auth";
import { recordRequestDenial } from "@/lib/auth/access-denials";
import type { AuditActor } from "@/lib/auth/audit";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { type Access, AccessError, assertSameOrigin, authorizeRequest } from "@/lib/auth/guard";
import type { Permission } from "@/lib/auth/permissions";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export type GuardedAccess = Access & { actor: AuditActor };

type Surface = "page" | "route" | "action";

/**
 * Adapters of the one guard (lib/auth/guard.ts#authorize) to Next.js: each reads the session and
 * request, calls `authorize`, and turns a refusal into what its caller needs. Every page, route
 * handler and server action starts with one of these; the authorization matrix test checks it.
 */
async function check(
  tenantId: string,
  permission: Permission,
  surface: Surface,
  path?: string,
): Promise<GuardedAccess> {
  const session = await sessionCookie();
  const h = await headers();
  let access: Awaited<ReturnType<typeof authorizeRequest>>;
  try {
    access = await authorizeRequest({
      sessionId: session?.sid ?? null,
      tenantId: safeDecode(tenantId),
      permission,
    });
  } catch (err) {
    if (err instanceof AccessError)
      noteDenial(err, { tenantId, permission, surface, path }, session, h);
    throw err;
  }
  return {
    ...access,
    actor: {
      userId: access.user.id,
      email: access.user.email,
      name: access.user.name,
      auth: session?.auth ?? "session",
      ip: h.get(CLIENT_IP_HEADER),
      userAgent: h.get("user-agent"),
    },
  };
}

/**
 * The path the proxy saw (proxy.ts): the address asked for, the same for a page and its layout,
 * so their two refusals of one request coalesce into one event. The page's own path otherwise.
 */
const PATH_HEADER = "x-tooltrail-path";

/**
 * Every 403 and 404 of the guard to a signed-in user becomes an `access.denied` event in the
 * tenant's stream (lib/auth/access-denials.ts). Not awaited: the answer and its timing must not
 * depend on whether the tenant exists, and a refusal that cannot be recorded is still a refusal.
 */
function noteDenial(
  err: AccessError,
  at: { tenantId: string; permission: Permission; surface: Surface; path?: string | undefined },
  session: Awaited<ReturnType<typeof sessionCookie>>,
  h: Awaited<ReturnType<typeof headers>>,
): void {
  if (err.status === 401 || !session) return;
  const status = err.status;
  const path = h.get(PATH_HEADER) ?? at.path;
  void (async () => {
    await recordRequestDenial({
      sessionId: session.sid,
      tenantId: safeDecode(at.tenantId),
      permission: at.permission,
      path: path?.startsWith("/") ? path : null,
      surface: at.surface,
      status,
      reason: err.reason,
      message: err.message,
      auth: session.auth ?? "session",
      ip: h.get(CLIENT_IP_HEADER),
      userAgent: h.get("user-agent"),
    });
  })().catch((e: unknown) => console.error("recording a denied access failed", e));
}

/** Pages: signed out → sign-in, another tenant's → 404, not allowed or expired → 403 page. */
export async function guardPage(
  tenantId: string,
  permission: Permission,
  returnTo?: string,
): Promise<GuardedAccess> {
  try {
    return await check(tenantId, permission, "page", returnTo);
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    if (err.status === 401)
      redirect(`/sign-in${returnTo ? `?callbackUrl=${encodeURIComponent(returnTo)}` : ""}`);
    if (err.status === 404) notFound();
    forbidden();
  }
}

/** Route handlers: the access, or the problem+json response to return instead. */
export async function guardRoute(
  tenantId: string,
  permission: Permission,
): Promise<GuardedAccess | Response> {
  try {
    return await check(tenantId, permission, "route");
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    return Response.json(
      {
        type: `urn:tooltrail:problem:${err.reason}`,
        title: err.reason === "signed-out" ? "Sign in required" : "Not allowed",
        status: err.status,
        detail: err.message,
      },
      { status: err.status, headers: { "content-type": "application/problem+json" } },
    );
  }
}

/** Server actions (every mutation): same-origin check (CSRF), then the guard. Throws AccessError. */
export async function guardAction(
  tenantId: string,
  permission: Permission,
): Promise<GuardedAccess> {
  const h = await headers();
  const base = new URL(dashboardRuntime().publicUrl);
  const host = h.get("host");
  const allowed = [base.origin, ...(host ? [`http://${host}`, `https://${host}`] : [])];
  try {
    assertSameOrigin((n) => h.get(n), allowed);
  } catch (err) {
    if (err instanceof AccessError)
      noteDenial(err, { tenantId, permission, surface: "action" }, await sessionCookie(), h);
    throw err;
  }
  return check(tenantId, permission, "action");
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // Not a tenant id anyone can belong to: the guard answers "not found".
    return raw;
  }
}

export { AccessError };
