import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { ingestKeys, memberships, tenants, users, writerKeys } from "../../schema";
import type {
  AdminStore,
  IngestKeyRecord,
  MemberRecord,
  MembershipRecord,
  NewIngestKey,
  PasswordOrigin,
  SpanTally,
  SpanTallyTotal,
  TenantRecord,
  TimeRange,
  UserAccount,
  UserCredentials,
  UserRecord,
} from "../types";
import type { Db } from "./database";
import { SqlInvitationStore } from "./invitation-store";
import { SqlSecurityLog } from "./security-log";
import { SqlSessionStore } from "./session-store";
import { sqlAddSpanTallies, sqlSpanTallies } from "./source-coverage";
import { toAccount, toCredentials } from "./user-account";
import { SqlUserPreferences } from "./user-preferences";

/** Global lookups: the tenant registry, key authentication, users and writer keys. */
export class SqlAdminStore implements AdminStore {
  readonly userPreferences: SqlUserPreferences;
  readonly securityLog: SqlSecurityLog;
  readonly sessions: SqlSessionStore;
  readonly invitations: SqlInvitationStore;

  constructor(private readonly db: Db) {
    this.userPreferences = new SqlUserPreferences(db);
    this.securityLog = new SqlSecurityLog(db);
    this.sessions = new SqlSessionStore(db);
    this.invitations = new SqlInvitationStore(db);
  }

  async createTenant(input: { id: string; name: string }): Promise<TenantRecord> {
    const [row] = await this.db.insert(tenants).values(input).returning();
    if (!row) throw new Error("tenant insert returned nothing");
    return row;
  }

  async getTenant(id: string): Promise<TenantRecord | null> {
    const [row] = await this.db.select().from(tenants).where(eq(tenants.id, id));
    return row ?? null;
  }

  async listTenants(): Promise<TenantRecord[]> {
    return this.db.select().from(tenants).orderBy(asc(tenants.id));
  }

  async setTenantRedaction(id: string, config: unknown): Promise<void> {
    await this.db.update(tenants).set({ redaction: config }).where(eq(tenants.id, id));
  }

  async setTenantRetention(
    id: string,
    policy: { retentionDays?: number | null; legalHold?: boolean },
  ): Promise<void> {
    await this.db.update(tenants).set(policy).where(eq(tenants.id, id));
  }

  async createIngestKey(input: NewIngestKey): Promise<void> {
    await this.db.insert(ingestKeys).values(input);
  }

  async findIngestKey(id: string): Promise<IngestKeyRecord | null> {
    const [row] = await this.db.select().from(ingestKeys).where(eq(ingestKeys.id, id));
    return row ?? null;
  }

  async listIngestKeys(tenantId: string): Promise<IngestKeyRecord[]> {
    return this.db
      .select()
      .from(ingestKeys)
      .where(eq(ingestKeys.tenantId, tenantId))
      .orderBy(asc(ingestKeys.createdAt));
  }

  async revokeIngestKey(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(ingestKeys)
      .set({ revokedAt: new Date() })
      .where(
        and(eq(ingestKeys.tenantId, tenantId), eq(ingestKeys.id, id), isNull(ingestKeys.revokedAt)),
      )
      .returning({ id: ingestKeys.id });
    return rows.length > 0;
  }

  async touchIngestKeys(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(ingestKeys)
      .set({ lastUsedAt: at })
      .where(inArray(ingestKeys.id, [...ids]));
  }

  async createUser(input: {
    email: string;
    name?: string;
    passwordHash?: string;
    passwordSetVia?: PasswordOrigin;
  }): Promise<UserRecord> {
    const [row] = await this.db
      .insert(users)
      .values({
        ...input,
        email: input.email.toLowerCase(),
        passwordSetVia: input.passwordHash ? (input.passwordSetVia ?? null) : null,
      })
      .returning({
        id: users.id,
        email: users.email,
        name: users.name,
        createdAt: users.createdAt,
      });
    if (!row) throw new Error("user insert returned nothing");
    return row;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.db
      .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt })
      .from(users)
      .where(eq(users.email, email.toLowerCase()));
    return row ?? null;
  }

  async addMembership(input: {
    userId: string;
    tenantId: string;
    role: string;
    expiresAt?: Date;
  }): Promise<void> {
    await this.db
      .insert(memberships)
      .values(input)
      .onConflictDoUpdate({
        target: [memberships.userId, memberships.tenantId],
        set: { role: input.role, expiresAt: input.expiresAt ?? null },
      });
  }

  async countUsers(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(users);
    return Number(row?.n ?? 0);
  }

  async registerWriterKey(input: {
    keyId: string;
    writerId: string;
    publicKey: string;
  }): Promise<void> {
    await this.db.insert(writerKeys).values(input).onConflictDoNothing();
  }

  addSpanTallies(rows: readonly SpanTally[]): Promise<void> {
    return sqlAddSpanTallies(this.db, rows);
  }

  spanTallies(tenantId: string, range: TimeRange): Promise<SpanTallyTotal[]> {
    return sqlSpanTallies(this.db, tenantId, range);
  }

  async writerKeys(): Promise<Map<string, string>> {
    const rows = await this.db.select().from(writerKeys);
    return new Map(rows.map((r) => [r.keyId, r.publicKey]));
  }

  async findUserCredentials(email: string): Promise<UserCredentials | null> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email.toLowerCase()));
    return row ? toCredentials(row) : null;
  }

  async getUser(id: string): Promise<UserAccount | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row ? toAccount(row) : null;
  }

  async setUserPassword(
    userId: string,
    passwordHash: string | null,
    via: PasswordOrigin | null = null,
  ): Promise<void> {
    await this.db
      .update(users)
      .set({ passwordHash, passwordSetVia: passwordHash ? via : null })
      .where(eq(users.id, userId));
  }

  async membershipsOf(userId: string): Promise<MembershipRecord[]> {
    if (!UUID.test(userId)) return [];
    return this.db
      .select({
        tenantId: memberships.tenantId,
        tenantName: tenants.name,
        role: memberships.role,
        expiresAt: memberships.expiresAt,
      })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(tenants.name));
  }

  async listMembers(tenantId: string): Promise<MemberRecord[]> {
    return this.db
      .select({
        userId: users.id,
        email: users.email,
        name: users.name,
        role: memberships.role,
        expiresAt: memberships.expiresAt,
        createdAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.tenantId, tenantId))
      .orderBy(asc(users.email));
  }

  async removeMembership(tenantId: string, userId: string): Promise<boolean> {
    if (!UUID.test(userId)) return false;
    const rows = await this.db
      .delete(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
      .returning({ userId: memberships.userId });
    return rows.length > 0;
  }
}

/** Ids arrive from URLs and sessions; a malformed one is "not found", not a database error. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
