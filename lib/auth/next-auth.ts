import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { type DashboardRuntime, dashboardRuntime } from "../runtime/dashboard-runtime";
import { auditEvent } from "./audit";
import { type AuthConfig, readAuthConfig, ssoEnabled } from "./auth-config";
import { CLIENT_IP_HEADER } from "./client-ip";
import { LoginLimiter } from "./login-limiter";
import { passwordSignIn } from "./password-sign-in";
import { provisionSsoUser } from "./sso";

export { CLIENT_IP_HEADER };

const built = new WeakMap<DashboardRuntime, { options: NextAuthOptions; config: AuthConfig }>();

/** next-auth's configuration, built once per running server from its runtime and environment. */
export function authOptions(): NextAuthOptions {
  return authSetup().options;
}

export function authSetup(): { options: NextAuthOptions; config: AuthConfig } {
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
  const options: NextAuthOptions = {
    secret: rt.authSecret,
    session: { strategy: "jwt", maxAge: config.SESSION_MAX_AGE_HOURS * 3600, updateAge: 15 * 60 },
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
          // next-auth turns a thrown error's message into the `error` shown on the sign-in page.
          if (!result.ok) throw new Error(result.message);
          return { id: result.user.id, email: result.user.email, name: result.user.name };
        },
      }),
      ...(ssoEnabled(config) ? [oidcProvider(config)] : []),
    ],
    events: {
      async signOut({ token }) {
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
        const groups = (user as { groups?: string[] }).groups ?? [];
        const result = await provisionSsoUser(rt.store, config, {
          email: user.email ?? "",
          name: user.name ?? null,
          groups,
        });
        if (!result.ok) return `/sign-in?error=${encodeURIComponent(result.message)}`;
        const actor = {
          userId: result.user.id,
          email: result.user.email,
          name: result.user.name,
          auth: "oauth" as const,
        };
        for (const m of await rt.store.admin.membershipsOf(result.user.id))
          await auditEvent(m.tenantId, actor, {
            action: "auth.sign_in",
            details: { method: "oidc", issuer: config.OIDC_ISSUER, groups },
          });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          // SSO profiles carry the IdP's subject as id: the session holds our user id instead.
          const local = await rt.store.admin.findUserCredentials(user.email ?? "");
          if (local) token.sub = local.id;
          token.auth = account.provider === "oidc" ? "oauth" : "session";
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, auth: token.auth } };
      },
      async redirect({ url, baseUrl }) {
        // Only our own pages: a crafted callbackUrl must not turn sign-in into an open redirect.
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        return url.startsWith(`${baseUrl}/`) ? url : baseUrl;
      },
    },
  };
  const entry = { options, config };
  built.set(rt, entry);
  return entry;
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
      return {
        id: String(p.sub),
        email: typeof p.email === "string" ? p.email : null,
        name: typeof p.name === "string" ? p.name : null,
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

const sessionShape = z.object({
  user: z.object({
    id: z.string(),
    email: z.string().nullish(),
    auth: z.enum(["session", "oauth"]).optional(),
  }),
});

/** The signed-in user's id and how they signed in, or null. */
export async function currentSession(): Promise<{
  userId: string;
  auth: "session" | "oauth";
} | null> {
  const s = sessionShape.safeParse(await getServerSession(authOptions()));
  return s.success ? { userId: s.data.user.id, auth: s.data.user.auth ?? "session" } : null;
}
