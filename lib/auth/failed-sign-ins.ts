import type { Store, UserAccount } from "../../db/store/types";
import type { AuditAction, AuditActor } from "./audit";

/** Rows the instance security log keeps (one per email, address and hour): about 5 MB at most. */
export const SECURITY_LOG_MAX_ROWS = 10_000;

/** The longest email address a mail system accepts (RFC 5321 limits, with margin). */
const MAX_EMAIL = 320;

/**
 * The email as the log keeps it: Unicode NFKC (full-width and other look-alike forms folded),
 * trimmed, lower case, capped in length, so variants of one address add up to one row.
 */
export function normaliseEmail(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase().slice(0, MAX_EMAIL);
}

export type AuditWriter = (tenantId: string, actor: AuditActor, a: AuditAction) => Promise<void>;

/**
 * Where a failed sign-in is recorded: in the stream of every tenant the account belongs to
 * (self-audit), or, when there is none (no such account, or one without an organisation), in the
 * instance security log, which owners of the whole instance read on the Security page.
 */
export async function recordFailedSignIn(
  deps: { store: Store; audit: AuditWriter; keep?: number; now?: () => Date },
  f: {
    email: string;
    user: UserAccount | null;
    address: string;
    userAgent: string | null;
    locked: boolean;
    message: string;
  },
): Promise<"tenants" | "security-log"> {
  const memberships = f.user ? await deps.store.admin.membershipsOf(f.user.id) : [];
  if (f.user && memberships.length > 0) {
    const actor: AuditActor = {
      userId: f.user.id,
      email: f.user.email,
      name: f.user.name,
      auth: "session",
      ip: f.address,
      userAgent: f.userAgent,
    };
    await Promise.all(
      memberships.map((m) =>
        deps.audit(m.tenantId, actor, {
          action: "auth.sign_in_failed",
          outcome: "denied",
          details: { method: "password", locked: f.locked },
          reason: f.message,
        }),
      ),
    );
    return "tenants";
  }
  await deps.store.admin.securityLog.record(
    {
      kind: "sign_in_failed",
      email: normaliseEmail(f.email),
      address: f.address.slice(0, 100),
      at: deps.now?.() ?? new Date(),
      locked: f.locked,
    },
    deps.keep ?? SECURITY_LOG_MAX_ROWS,
  );
  return "security-log";
}
