import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const TTL_MS = 60 * 60_000;

/**
 * The first-run link: while no user exists, `npm start` prints a one-time token that lets whoever
 * reads the console create the first owner. Only its hash is kept; it expires after an hour and
 * dies once used (a restart prints a fresh one while there is still no user).
 */
export class SetupTokens {
  private current: { hash: Buffer; expiresAt: number } | null = null;

  constructor(private readonly clock: () => number = Date.now) {}

  issue(): { token: string; expiresAt: Date } {
    const token = randomBytes(24).toString("base64url");
    const expiresAt = this.clock() + TTL_MS;
    this.current = { hash: digest(token), expiresAt };
    return { token, expiresAt: new Date(expiresAt) };
  }

  valid(token: string | null | undefined): boolean {
    const c = this.current;
    if (!c || !token || c.expiresAt <= this.clock()) return false;
    return timingSafeEqual(digest(token), c.hash);
  }

  /** Checks and burns the token in one step, so two concurrent submissions cannot both pass. */
  consume(token: string | null | undefined): boolean {
    if (!this.valid(token)) return false;
    this.current = null;
    return true;
  }

  revoke(): void {
    this.current = null;
  }
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
