import { createHash, randomBytes } from "node:crypto";
import type { SessionMethod, Store, UserAccount } from "../../db/store/types";
import { dashboardRuntime } from "../runtime/dashboard-runtime";

export type LiveSession = { id: string; user: UserAccount; method: SessionMethod };

/** Only this digest is stored: a copy of the table gives nobody a session. */
function digest(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/**
 * Starts a server-side session at sign-in. The id travels only inside the session cookie (a JWT
 * next-auth signs and encrypts); the session ends at `maxAgeSeconds` after sign-in, whatever the
 * cookie says.
 */
export async function startSession(
  store: Store,
  userId: string,
  method: SessionMethod,
  maxAgeSeconds: number,
  now = new Date(),
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await store.admin.sessions.create({
    idHash: digest(id),
    userId,
    method,
    createdAt: now,
    expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000),
  });
  return id;
}

/** The session and its account if it is live (not ended, not expired, account not disabled). */
export async function resolveSession(
  store: Store,
  sessionId: string | null | undefined,
  now = new Date(),
): Promise<LiveSession | null> {
  if (!sessionId || sessionId.length > 100) return null;
  const hit = await store.admin.sessions.resolve(digest(sessionId), now);
  return hit && !hit.user.disabledAt ? { id: sessionId, ...hit } : null;
}

/** Sign-out: this session ends. */
export async function endSession(store: Store, sessionId: string, now = new Date()): Promise<void> {
  await store.admin.sessions.revoke(digest(sessionId), now);
}

/**
 * Ends every live session of an account, except `keep` (the session that made the change, when it
 * is the account's own). Returns how many ended.
 */
export function endSessionsOf(
  store: Store,
  userId: string,
  o: { keep?: string | null; now?: Date } = {},
): Promise<number> {
  return store.admin.sessions.revokeUser(
    userId,
    o.now ?? new Date(),
    o.keep ? digest(o.keep) : null,
  );
}

/** The session behind a dashboard cookie, on the running server's store. */
export function resolveRequestSession(sessionId: string | null | undefined) {
  return resolveSession(dashboardRuntime().store, sessionId);
}
