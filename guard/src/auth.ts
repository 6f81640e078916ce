import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import type { Identity, Policy } from "./policy/schema";

export type AuthResult =
  | { ok: true; auth: AuthInfo }
  | { ok: false; status: 401 | 403; error: string; description: string };

type AuthConfig = NonNullable<Policy["auth"]>;

/**
 * Authenticates HTTP callers as an OAuth 2.1 resource server (JWT access tokens checked
 * against the issuer's JWKS: signature, issuer, audience, expiry) or with static API keys
 * (compared by SHA-256 in constant time). Unauthenticated requests never reach the server.
 */
export class Authenticator {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;

  constructor(private readonly config: AuthConfig) {
    this.jwks = config.jwt
      ? createRemoteJWKSet(new URL(config.jwt.jwks_uri), {
          timeoutDuration: 5000,
          cooldownDuration: 30_000,
        })
      : null;
  }

  async authenticate(header: string | undefined, ip: string | undefined): Promise<AuthResult> {
    const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header ?? "");
    if (!m?.[1])
      return {
        ok: false,
        status: 401,
        error: "invalid_request",
        description: "a bearer token is required",
      };
    const token = m[1];
    const key = this.apiKey(token);
    if (key)
      return {
        ok: true,
        auth: { token, clientId: key.id, scopes: [], extra: { identity: key, caller: { ip } } },
      };
    if (this.jwks && this.config.jwt && token.split(".").length === 3) {
      const j = this.config.jwt;
      try {
        const { payload } = await jwtVerify(token, this.jwks, {
          issuer: j.issuer,
          audience: j.audience,
          algorithms: j.algorithms,
          clockTolerance: j.clock_tolerance_s,
          requiredClaims: ["exp", "sub"],
        });
        const rolesClaim = payload[j.roles_claim];
        const roles = Array.isArray(rolesClaim)
          ? rolesClaim.filter((r): r is string => typeof r === "string")
          : typeof rolesClaim === "string"
            ? rolesClaim.split(/[\s,]+/).filter(Boolean)
            : [];
        const attributes: Record<string, string> = {};
        for (const [k, v] of Object.entries(payload)) if (typeof v === "string") attributes[k] = v;
        const identity: Identity = {
          id: payload.sub as string,
          type: payload.client_id && !payload.email ? "agent" : "user",
          name: typeof payload.name === "string" ? payload.name : undefined,
          email: typeof payload.email === "string" ? payload.email : undefined,
          roles,
          attributes,
          auth: "oauth",
        };
        const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
        return {
          ok: true,
          auth: {
            token,
            clientId: typeof payload.client_id === "string" ? payload.client_id : identity.id,
            scopes,
            expiresAt: payload.exp,
            extra: { identity, caller: { ip } },
          },
        };
      } catch (err) {
        return { ok: false, status: 401, error: "invalid_token", description: describe(err) };
      }
    }
    return { ok: false, status: 401, error: "invalid_token", description: "unknown token" };
  }

  private apiKey(token: string): (Identity & { id: string }) | null {
    const digest = createHash("sha256").update(token).digest();
    for (const k of this.config.api_keys ?? []) {
      if (timingSafeEqual(digest, Buffer.from(k.sha256, "hex")))
        return { id: k.id, type: k.type, roles: k.roles, auth: "api_key" };
    }
    return null;
  }
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "the token has expired";
  if (err instanceof errors.JWTClaimValidationFailed)
    return `the token's ${err.claim} claim is not accepted`;
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return "the token's signature is invalid";
  if (err instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches the token";
  if (err instanceof errors.JOSEError) return `the token is not valid (${err.code})`;
  return "the token could not be verified";
}
