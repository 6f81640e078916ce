import { and, eq, gt, inArray, isNull, lt, max, ne } from "drizzle-orm";
import { sessions, users } from "../../schema";
import type { NewSession, SessionMethod, SessionStore, UserAccount } from "../types";
import type { Db } from "./database";
import { toAccount } from "./user-account";

export class SqlSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async create(s: NewSession): Promise<void> {
    // Sign-in is when an account's expired sessions go: the table stays as small as its users.
    await this.db
      .delete(sessions)
      .where(and(eq(sessions.userId, s.userId), lt(sessions.expiresAt, s.createdAt)));
    await this.db.insert(sessions).values(s);
  }

  async resolve(
    idHash: string,
    now: Date,
  ): Promise<{ user: UserAccount; method: SessionMethod } | null> {
    // One primary-key lookup, joined to the account by its primary key.
    const [row] = await this.db
      .select({ user: users, method: sessions.method })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)),
      );
    if (!row) return null;
    return { user: toAccount(row.user), method: row.method === "oidc" ? "oidc" : "password" };
  }

  async lastSignIn(userIds: readonly string[]): Promise<Map<string, Date>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .select({ userId: sessions.userId, at: max(sessions.createdAt) })
      .from(sessions)
      .where(inArray(sessions.userId, [...userIds]))
      .groupBy(sessions.userId);
    return new Map(rows.flatMap((r) => (r.at ? [[r.userId, new Date(r.at)] as const] : [])));
  }

  async revoke(idHash: string, now: Date): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)));
  }

  async revokeUser(userId: string, now: Date, exceptIdHash: string | null): Promise<number> {
    const rows = await this.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, now),
          ...(exceptIdHash ? [ne(sessions.idHash, exceptIdHash)] : []),
        ),
      )
      .returning({ idHash: sessions.idHash });
    return rows.length;
  }
}
