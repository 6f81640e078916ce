import { createHash } from "node:crypto";
import type { Store } from "../../db/store/types";
import { dashboardRuntime } from "../runtime/dashboard-runtime";
import { type AuditActor, auditEvent } from "./audit";
import type { AuditWriter } from "./failed-sign-ins";
import { resolveSession } from "./sessions";

/** How long repeats of one denial (user, tenant, path) are counted instead of recorded. */
export const DENIAL_WINDOW_MS = 60_000;
/** Distinct denials remembered at once; beyond it the oldest is forgotten (about 2 MB). */
const MAX_KEYS = 10_000;

/**
 * Coalesces repeated denials in memory, so a client hammering a refused URL writes one event a
 * minute per session, tenant and path, not one per request (the stream is sealed and kept: a flood
 * of events would cost storage and drown the rest). The first denial of a window is recorded
 * with how many repeats the previous window swallowed; a restart forgets the counts.
 */
export class DenialCoalescer {
  private readonly seen = new Map<string, { since: number; repeats: number }>();

  constructor(
    private readonly windowMs = DENIAL_WINDOW_MS,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** Whether to record this denial now, and the repeats since the last one recorded. */
  admit(key: string, now: number): { record: boolean; repeats: number } {
    const hit = this.seen.get(key);
    if (hit && now - hit.since < this.windowMs) {
      hit.repeats++;
      return { record: false, repeats: 0 };
    }
    this.seen.delete(key);
    if (this.seen.size >= this.maxKeys) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    this.seen.set(key, { since: now, repeats: 0 });
    return { record: true, repeats: hit?.repeats ?? 0 };
  }
}

/** One coalescer per process: Next.js may load this module once per bundle layer. */
export function processDenialCoalescer(): DenialCoalescer {
  const slot = globalThis as { [k: symbol]: DenialCoalescer | undefined };
  const key = Symbol.for("tooltrail.denialCoalescer");
  slot[key] ??= new DenialCoalescer();
  return slot[key];
}

function sessionKey(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url").slice(0, 22);
}

export type AccessDenial = {
  sessionId: string | null;
  tenantId: string;
  permission: string;
  /** The dashboard path asked for, when known. */
  path: string | null;
  surface: "page" | "route" | "action";
  status: 403 | 404;
  /** The guard's reason: forbidden (role, or a cross-site request), expired, not-found. */
  reason: string;
  message: string;
  auth: AuditActor["auth"];
  ip: string | null;
  userAgent: string | null;
};

/**
 * Records a refusal by the guard as `access.denied` (outcome denied) in the stream of the tenant
 * asked for, so its owners see who tried what. Nothing is recorded without a live session (no one
 * to name) or for a tenant that does not exist (nowhere to put it, and no stream is created).
 * Callers do not wait for it: the requester's answer and its timing stay the same whether or not
 * the tenant exists.
 */
export async function recordAccessDenied(
  deps: { store: Store; audit: AuditWriter; coalescer: DenialCoalescer; now?: Date },
  d: AccessDenial,
): Promise<"recorded" | "coalesced" | "anonymous" | "no-tenant"> {
  const now = deps.now ?? new Date();
  if (!d.sessionId) return "anonymous";
  const path = d.path?.slice(0, 512) ?? null;
  // Checked before any lookup, keyed by the session (a digest: the id is a bearer secret), so a
  // flood of repeats costs no database read at all.
  const gate = deps.coalescer.admit(
    JSON.stringify([sessionKey(d.sessionId), d.tenantId, path ?? d.permission]),
    now.getTime(),
  );
  if (!gate.record) return "coalesced";
  const session = await resolveSession(deps.store, d.sessionId, now);
  if (!session) return "anonymous";
  if (!(await deps.store.admin.getTenant(d.tenantId))) return "no-tenant";
  const { user } = session;
  await deps.audit(
    d.tenantId,
    {
      userId: user.id,
      email: user.email,
      name: user.name,
      auth: d.auth,
      ip: d.ip,
      userAgent: d.userAgent,
    },
    {
      action: "access.denied",
      outcome: "denied",
      details: {
        // Refused for the whole organisation (no membership, or it ended): the layout and the
        // page refuse with different permissions, so naming one would depend on which was first.
        ...(d.reason === "forbidden" ? { permission: d.permission } : {}),
        ...(path ? { path } : {}),
        surface: d.surface,
        status: d.status,
        reason: d.reason,
        ...(gate.repeats > 0 ? { repeats_since_last: gate.repeats } : {}),
      },
      // The requester was told "not found"; the owner reading the stream is told why.
      reason: d.reason === "not-found" ? "not a member of this organisation" : d.message,
    },
  );
  return "recorded";
}

/**
 * `recordAccessDenied` in the running server: its store, the self-audit writer and this process's
 * coalescer, so the guard's Next.js adapters reach the store through lib/auth, never directly.
 */
export function recordRequestDenial(d: AccessDenial): ReturnType<typeof recordAccessDenied> {
  return recordAccessDenied(
    { store: dashboardRuntime().store, audit: auditEvent, coalescer: processDenialCoalescer() },
    d,
  );
}
