import type { Store, UserAccount } from "../../db/store/types";
import type { LoginLimiter } from "./login-limiter";
import { hashPassword, verifyPassword } from "./password";

export type PasswordSignIn =
  | { ok: true; user: UserAccount }
  | {
      ok: false;
      message: string;
      user: UserAccount | null;
      locked: boolean;
      /** When the lock ends (epoch ms), if locked: the sign-in page says it by code. */
      lockedUntil: number | null;
    };

let dummyHash: Promise<string> | null = null;

function minutes(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  return m === 1 ? "1 minute" : `${m} minutes`;
}

/**
 * Email + password sign-in with lockout. Unknown accounts cost the same scrypt work as known ones
 * and get the same message, so neither timing nor wording tells which emails exist.
 */
export async function signInWithPassword(
  store: Store,
  limiter: LoginLimiter,
  input: { email: string; password: string; address: string },
): Promise<PasswordSignIn> {
  const email = input.email.trim().toLowerCase();
  const creds = email ? await store.admin.findUserCredentials(email) : null;
  const user = creds
    ? {
        id: creds.id,
        email: creds.email,
        name: creds.name,
        createdAt: creds.createdAt,
        disabledAt: creds.disabledAt,
        hasPassword: creds.hasPassword,
      }
    : null;
  const wait = limiter.retryAfterMs(email, input.address);
  if (wait > 0) {
    return {
      ok: false,
      user,
      locked: true,
      lockedUntil: Date.now() + wait,
      message: `Too many failed sign-ins. Try again in ${minutes(wait)}.`,
    };
  }
  dummyHash ??= hashPassword("tooltrail-timing-equaliser");
  const hash = creds?.passwordHash ?? (await dummyHash);
  const good =
    (await verifyPassword(input.password, hash)) &&
    creds?.passwordHash != null &&
    !creds.disabledAt;
  if (good && user) {
    limiter.recordSuccess(email);
    return { ok: true, user };
  }
  limiter.recordFailure(email, input.address);
  const after = limiter.retryAfterMs(email, input.address);
  return {
    ok: false,
    user,
    locked: after > 0,
    lockedUntil: after > 0 ? Date.now() + after : null,
    message:
      after > 0
        ? `Too many failed sign-ins. Sign-in is locked for ${minutes(after)}.`
        : "Wrong email or password.",
  };
}
