import { and, eq, sql } from "drizzle-orm";
import { userPreferences } from "../../schema";
import type { UserPreferenceStore } from "../instance-types";
import type { Db } from "./database";

export class SqlUserPreferences implements UserPreferenceStore {
  constructor(private readonly db: Db) {}

  async get(userId: string, key: string): Promise<unknown> {
    const [row] = await this.db
      .select({ value: userPreferences.value })
      .from(userPreferences)
      .where(and(eq(userPreferences.userId, userId), eq(userPreferences.key, key)));
    return row?.value ?? null;
  }

  async set(userId: string, key: string, value: unknown): Promise<void> {
    await this.db
      .insert(userPreferences)
      .values({ userId, key, value })
      .onConflictDoUpdate({
        target: [userPreferences.userId, userPreferences.key],
        set: { value, updatedAt: sql`now()` },
      });
  }
}
