import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { type AuditActor, auditEvent } from "@/lib/auth/audit";
import { type AuthConfig, readAuthConfig, ssoEnabled } from "@/lib/auth/auth-config";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { LoginLimiter } from "@/lib/auth/login-limiter";
import { passwordSignIn } from "@/lib/auth/password-sign-in";
import {
  endSession,
  type LiveSession,
  resolveRequestSession,
  startSession,
} from "@/lib/auth/sessions";
import { lockedCode } from "@/lib/auth/sign-in-errors";
import { type PasswordCleared, provisionSsoUser } from "@/lib/auth/sso";
import { type DashboardRuntime, dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export { CLIENT_IP_HEADER };

type Setup = { options: NextAuthOptions; config: AuthConfig; serverOptions: NextAuthOptions };

const built = new WeakMap<DashboardRuntime, Setup>();

/** next-auth's configuration, built once per running server from its runtime and environment. */
export function authOptions(): NextAuthOptions {
  return authSetup().options;
}

export function authSetup(): Setup {
  const rt = dashboardRuntime();
  const hit = built.get(rt);
  if (hit) return hit;
  const config = readAuthConfig();
  const limiter = new LoginLimiter({
    maxFailuresPerAccount: config.LOGIN_MAX_FAILURES,
    maxFailuresPerAddress: config.LOGIN_MAX_FAILURES * 6,
    windowMs: config.LOGIN_LOCKOUT_MINUTES * 60_000,
    lockMs: config.LOGIN_LOCKOUT_MINUTES * 60_000,
  });
  const maxAge = config.SESSION_MAX_AGE_HOURS * 3600;
  const options: NextAuthOptions = {
    secret: rt.authSecret,
    // The cookie is a signed, encrypted JWT that carries a server-side session id (sessions.ts):
    // every request checks that session, so sign-out and revocation take effect at once.
    session: { strategy: "jwt", maxAge, updateAge: 15 * 60 },
    // HttpOnly and SameSite=Lax always; Secure (and __Secure- names) behind TLS.
    useSecureCookies: rt.publicUrl.startsWith("https://"),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const result = await passwordSignIn(
            { store: rt.store, limiter, audit: auditEvent },
            {
              email: String(credentials?.email ?? ""),
              password: String(credentials?.password ?? ""),
              address: headers[CLIENT_IP_HEADER] ?? "unknown",
              userAgent: headers["user-agent"] ?? null,
            },
          );
          if (result.ok)
            return { id: result.user.id, email: result.user.email, name: result.user.name };
          // next-auth hands a thrown error's message to the sign-in page as `error`: a code only
          // (sign-in-errors.ts), never words. null is its CredentialsSignin.
          if (result.lockedUntil !== null) throw new Error(lockedCode(result.lockedUntil));
          return null;
        },
      }),
      ...(ssoEnabled(config) ? [oidcProvider(config)] : []),
    ],
    events: {
      async signOut({ token }) {
        // The session ends first: an audit failure must not leave it usable.
        if (typeof token?.sid === "string") await endSession(rt.store, token.sid);
        const user = token?.sub ? await rt.store.admin.getUser(token.sub) : null;
        if (!user) return;
        const actor = {
          userId: user.id,
          email: user.email,
          name: user.name,
          auth: token.auth === "oauth" ? ("oauth" as const) : ("session" as const),
        };
        for (const m of await rt.store.admin.membershipsOf(user.id))
          await auditEvent(m.tenantId, actor, { action: "auth.sign_out" });
      },
    },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        const profile = user as { groups?: string[]; emailVerified?: boolean };
        const groups = profile.groups ?? [];
        const result = await provisionSsoUser(rt.store, config, {
          email: user.email ?? "",
          name: user.name ?? null,
          groups,
          ...(typeof profile.emailVerified === "boolean"
            ? { emailVerified: profile.emailVerified }
            : {}),
        });
        if (!result.ok) return `/sign-in?error=${result.code}`;
        const actor = {
          userId: result.user.id,
          email: result.user.email,
          name: result.user.name,
          auth: "oauth" as const,
        };
        const tenants = (await rt.store.admin.membershipsOf(result.user.id)).map((m) => m.tenantId);
        if (result.passwordCleared)
          await auditPasswordCleared(actor, tenants, result.passwordCleared);
        for (const tenantId of tenants)
          await auditEvent(tenantId, actor, {
            action: "auth.sign_in",
            details: { method: "oidc", issuer: config.OIDC_ISSUER, groups },
          });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          // SSO profiles carry the IdP's subject as id: the session holds our user id instead.
          const local =
            account.provider === "oidc"
              ? await rt.store.admin.findUserCredentials(user.email ?? "")
              : { id: user.id };
          const method = account.provider === "oidc" ? "oidc" : "password";
          delete token.sid;
          if (local) {
            token.sub = local.id;
            token.sid = await startSession(rt.store, local.id, method, maxAge);
          }
          token.auth = method === "oidc" ? "oauth" : "session";
        }
        return token;
      },
      // What /api/auth/session answers the browser: never the session id (serverOptions below).
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, auth: token.auth } };
      },
      async redirect({ url, baseUrl }) {
        // Only our own pages: a crafted callbackUrl must not turn sign-in into an open redirect.
        return safeCallbackUrl(url, baseUrl);
      },
    },
  };
  // The server reads the session id out of the cookie through these; it never leaves the server
  // except inside the encrypted cookie.
  const serverOptions: NextAuthOptions = {
    ...options,
    callbacks: {
      ...options.callbacks,
      async session({ session, token }) {
        return { ...session, user: { ...session.user, sid: token.sid, auth: token.auth } };
      },
    },
  };
  const entry = { options, config, serverOptions };
  built.set(rt, entry);
  return entry;
}

/** In every tenant the account is in, and those it lost: both should know. */
async function auditPasswordCleared(
  actor: AuditActor,
  tenants: string[],
  cleared: PasswordCleared,
): Promise<void> {
  for (const tenantId of new Set([...tenants, ...cleared.removedTenants]))
    await auditEvent(tenantId, actor, {
      action: "auth.password_cleared",
      details: {
        reason:
          "first SSO sign-in: the password was chosen through an invitation link, which does not prove the email",
        removed_memberships: cleared.removedTenants,
        ended_sessions: cleared.endedSessions,
      },
    });
}

function oidcProvider(config: AuthConfig): OAuthConfig<Record<string, unknown>> {
  const issuer = (config.OIDC_ISSUER ?? "").replace(/\/$/, "");
  const wellKnown = `${issuer}/.well-known/openid-configuration`;
  return {
    id: "oidc",
    name: config.OIDC_NAME,
    type: "oauth",
    wellKnown,
    clientId: config.OIDC_CLIENT_ID ?? "",
    clientSecret: config.OIDC_CLIENT_SECRET ?? "",
    authorization: { params: { scope: config.OIDC_SCOPES } },
    checks: ["pkce", "state"],
    // The ID token is verified (signature, issuer, audience); claims such as email and groups may
    // sit there (Azure AD) or only in userinfo (most IdPs): both are read, userinfo last.
    idToken: true,
    async profile(claims, tokens) {
      const p = {
        ...claims,
        ...(await userinfo(wellKnown, tokens.access_token, String(claims.sub))),
      };
      const groups = p[config.OIDC_GROUPS_CLAIM];
      const verified = p.email_verified;
      return {
        id: String(p.sub),
        email: typeof p.email === "string" ? p.email : null,
        name: typeof p.name === "string" ? p.name : null,
        // Some IdPs send "true"/"false" as strings; anything else is "not said".
        emailVerified:
          verified === true || verified === "true"
            ? true
            : verified === false || verified === "false"
              ? false
              : undefined,
        groups: Array.isArray(groups)
          ? groups.map(String)
          : typeof groups === "string"
            ? [groups]
            : [],
      };
    },
  };
}

/** Userinfo claims for the same subject, or nothing when the IdP has no userinfo endpoint. */
async function userinfo(
  wellKnown: string,
  accessToken: string | undefined,
  sub: string,
): Promise<Record<string, unknown>> {
  if (!accessToken) return {};
  const meta = (await (await fetch(wellKnown)).json()) as { userinfo_endpoint?: string };
  if (!meta.userinfo_endpoint) return {};
  const res = await fetch(meta.userinfo_endpoint, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
  });
  if (!res.ok) return {};
  const info = (await res.json()) as Record<string, unknown>;
  // A userinfo answer about another subject is ignored (OpenID Connect Core 5.3.2).
  return info.sub === sub ? info : {};
}

const cookieShape = z.object({
  user: z.object({
    sid: z.string().min(1),
    auth: z.enum(["session", "oauth"]).optional(),
  }),
});

/**
 * What the session cookie claims, without asking the store: its session id and how it was
 * established. Only the guard's `authorize` (or `currentSession`) decides whether it is live.
 */
export async function sessionCookie(): Promise<{ sid: string; auth: "session" | "oauth" } | null> {
  const s = cookieShape.safeParse(await getServerSession(authSetup().serverOptions));
  return s.success ? { sid: s.data.user.sid, auth: s.data.user.auth ?? "session" } : null;
}

/** The signed-in account, checked against its server-side session, or null. */
export async function currentSession(): Promise<
  (LiveSession & { userId: string; auth: "session" | "oauth" }) | null
> {
  const cookie = await sessionCookie();
  const live = cookie ? await resolveRequestSession(cookie.sid) : null;
  return live && cookie ? { ...live, userId: live.user.id, auth: cookie.auth } : null;
}
