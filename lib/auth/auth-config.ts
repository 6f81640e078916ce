import { z } from "zod";
import { ROLES, type Role } from "./roles";

export type RoleGrant = { group: string; tenantId: string; role: Role };

/** `group=tenant:role` pairs, comma-separated: which IdP group grants which role where. */
const roleMap = z
  .string()
  .default("")
  .transform((s, ctx) => {
    const grants: RoleGrant[] = [];
    for (const part of s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const m = /^(.+)=([A-Za-z0-9][A-Za-z0-9_-]*):([a-z_]+)$/.exec(part);
      const role = m?.[3];
      if (!m?.[1] || !m[2] || !role || !(ROLES as readonly string[]).includes(role)) {
        ctx.addIssue({
          code: "custom",
          message: `"${part}" is not group=tenant:role with a role among ${ROLES.join(", ")}`,
        });
        return z.NEVER;
      }
      grants.push({ group: m[1], tenantId: m[2], role: role as Role });
    }
    return grants;
  });

const optionalUrl = z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }).optional();

/** Dashboard sign-in settings, read from the environment and validated at start. */
export const authConfigSchema = z
  .object({
    DASHBOARD_URL: optionalUrl,
    SESSION_MAX_AGE_HOURS: z.coerce.number().min(0.1).max(720).default(8),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCKOUT_MINUTES: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(15),
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).default("SSO"),
    OIDC_SCOPES: z.string().default("openid email profile"),
    OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
    OIDC_ROLE_MAP: roleMap,
    OIDC_AUDITOR_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  })
  .superRefine((c, ctx) => {
    const set = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (set !== 0 && set !== 3)
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "SSO needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
      });
    if (set === 3 && c.OIDC_ROLE_MAP.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ROLE_MAP"],
        message: "SSO needs OIDC_ROLE_MAP (group=tenant:role,…) to know what each group may do",
      });
  });

export type AuthConfig = z.output<typeof authConfigSchema>;

export function readAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const parsed = authConfigSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `invalid ${String(first?.path[0] ?? "dashboard setting")}: ${first?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

export function ssoEnabled(c: AuthConfig): boolean {
  return Boolean(c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET);
}
