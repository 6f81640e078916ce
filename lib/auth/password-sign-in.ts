import { setTimeout as sleep } from "node:timers/promises";
import type { Store } from "../../db/store/types";
import { type PasswordSignIn, signInWithPassword } from "./credentials";
import { type AuditWriter, recordFailedSignIn } from "./failed-sign-ins";
import type { LoginLimiter } from "./login-limiter";

/**
 * Every failed sign-in answers no sooner than this after it began. The work behind a failure
 * differs by account (audit events in each of its tenants, or one security-log row for an
 * unknown email, or no password check at all while locked); answering at one fixed time, well
 * above that work, keeps the response time from telling which emails have accounts.
 */
export const FAILED_SIGN_IN_MS = 500;

/**
 * The password sign-in the dashboard runs: check (with lockout), record the outcome where an
 * owner will see it, and answer failures at a fixed time with one message.
 */
export async function passwordSignIn(
  deps: {
    store: Store;
    limiter: LoginLimiter;
    audit: AuditWriter;
    failureMs?: number;
    securityLogRows?: number;
  },
  input: { email: string; password: string; address: string; userAgent: string | null },
): Promise<PasswordSignIn> {
  const started = performance.now();
  const result = await signInWithPassword(deps.store, deps.limiter, input);
  if (result.ok) {
    const actor = {
      userId: result.user.id,
      email: result.user.email,
      name: result.user.name,
      auth: "session" as const,
      ip: input.address,
      userAgent: input.userAgent,
    };
    for (const m of await deps.store.admin.membershipsOf(result.user.id))
      await deps.audit(m.tenantId, actor, {
        action: "auth.sign_in",
        details: { method: "password", locked: false },
      });
    return result;
  }
  await recordFailedSignIn(
    {
      store: deps.store,
      audit: deps.audit,
      ...(deps.securityLogRows ? { keep: deps.securityLogRows } : {}),
    },
    {
      email: input.email,
      user: result.user,
      address: input.address,
      userAgent: input.userAgent,
      locked: result.locked,
      message: result.message,
    },
  );
  // Timers round to whole milliseconds and may fire a fraction early: wait until truly past.
  const until = started + (deps.failureMs ?? FAILED_SIGN_IN_MS);
  for (let left = until - performance.now(); left > 0; left = until - performance.now())
    await sleep(Math.ceil(left));
  return result;
}
