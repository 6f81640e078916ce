import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, isNull, lte, ne, or, sql } from "drizzle-orm";
import {
  guardInstances,
  guardPolicyVersions,
  guardRevocationLists,
  guardRevocations,
} from "../../schema";
import type {
  GuardAccessStore,
  GuardHeartbeat,
  GuardInstanceRecord,
  NewRevocation,
  PolicyRegistration,
  PolicyVersion,
  Revocation,
  RevocationStatus,
} from "../guard-access-types";
import type { Db } from "./database";

type VersionRow = typeof guardPolicyVersions.$inferSelect;
type RevocationRow = typeof guardRevocations.$inferSelect;

function toVersion(r: VersionRow): PolicyVersion {
  return {
    id: r.id,
    server: r.server,
    instance: r.instance,
    guardVersion: r.guardVersion,
    hash: r.hash,
    document: r.document,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
  };
}

function toRevocation(r: RevocationRow): Revocation {
  return {
    id: r.id,
    principal: r.principal,
    server: r.server,
    tools: r.tools,
    campaignId: r.campaignId,
    campaignName: r.campaignName,
    entryId: r.entryId,
    reviewerUserId: r.reviewerUserId,
    reason: r.reason,
    createdAt: r.createdAt,
    listVersion: Number(r.listVersion),
    status: r.status as RevocationStatus,
    confirmedAt: r.confirmedAt,
    confirmedBy: r.confirmedBy,
    proofEventId: r.proofEventId,
    exceptionNote: r.exceptionNote,
  };
}

/** U+0000 cannot be stored in PostgreSQL text or jsonb; Guard input is hostile. */
function scrub<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "\ufffd") as T;
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrub(v)])) as T;
  return value;
}

/** The server's next list version. The row lock of the list serialises writers of one server. */
async function bumpListVersion(tx: Db, tenantId: string, server: string, at: Date) {
  const l = guardRevocationLists;
  const [list] = await tx
    .insert(l)
    .values({ tenantId, server, version: 1, updatedAt: at })
    .onConflictDoUpdate({
      target: [l.tenantId, l.server],
      set: { version: sql`${l.version} + 1`, updatedAt: at },
    })
    .returning({ version: l.version });
  if (!list) throw new Error("revocation list upsert returned nothing");
  return Number(list.version);
}

/**
 * Withdraws a revocation (a later keep of its entry): it leaves Guard's list, whose version is
 * bumped so Guards pull the list without it. Run inside the decision's transaction; false when
 * it is unknown or already withdrawn.
 */
export async function withdrawRevocation(
  tx: Db,
  tenantId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const t = guardRevocations;
  const [row] = await tx
    .update(t)
    .set({ status: "withdrawn" })
    .where(and(eq(t.tenantId, tenantId), eq(t.id, id), ne(t.status, "withdrawn")))
    .returning({ server: t.server });
  if (!row) return false;
  await bumpListVersion(tx, tenantId, row.server, at);
  return true;
}

/**
 * Adds a revocation and bumps its server's list version; run it inside a transaction (the
 * campaign store does, with the decision that issues it, so neither exists without the other).
 */
export async function insertRevocation(
  tx: Db,
  tenantId: string,
  r: NewRevocation,
): Promise<Revocation> {
  const row = scrub({
    ...r,
    tenantId,
    status: "pending" as const,
    confirmedAt: null,
    confirmedBy: null,
    proofEventId: null,
    proofAt: null,
    exceptionNote: null,
    exceptionBy: null,
    exceptionAt: null,
  });
  const version = await bumpListVersion(tx, tenantId, row.server, r.createdAt);
  const [inserted] = await tx
    .insert(guardRevocations)
    .values({ ...row, listVersion: version })
    .returning();
  if (!inserted) throw new Error("revocation insert returned nothing");
  return toRevocation(inserted);
}

/**
 * Guard's side of access reviews in the SQL store (also the control store of ClickHouse
 * deployments). Built for one tenant: every query's first condition is `tenantId`, so another
 * tenant's revocation or server is simply not found.
 */
export class SqlGuardAccessStore implements GuardAccessStore {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
  ) {}

  async registerPolicy(r: PolicyRegistration) {
    try {
      return await this.register(r);
    } catch (err) {
      // Two registrations of one instance raced to open a version: the loser sees the winner's.
      if ((err as { code?: string }).code !== "23505") throw err;
      return this.register(r);
    }
  }

  private register(input: PolicyRegistration) {
    const t = guardPolicyVersions;
    const r = scrub(input);
    return this.db.transaction(async (tx) => {
      const [open] = await tx
        .select()
        .from(t)
        .where(
          and(
            eq(t.tenantId, this.tenantId),
            eq(t.server, r.server),
            eq(t.instance, r.instance),
            isNull(t.effectiveTo),
          ),
        )
        .for("update");
      if (open && open.hash === r.hash) {
        await tx
          .update(t)
          .set({ lastRegisteredAt: r.at, guardVersion: r.guardVersion })
          .where(and(eq(t.tenantId, this.tenantId), eq(t.id, open.id)));
        return { version: toVersion({ ...open, guardVersion: r.guardVersion }), created: false };
      }
      // A clock that went backwards must not give the closed range a negative length.
      const from = open && open.effectiveFrom > r.at ? open.effectiveFrom : r.at;
      if (open)
        await tx
          .update(t)
          .set({ effectiveTo: from })
          .where(and(eq(t.tenantId, this.tenantId), eq(t.id, open.id)));
      const [row] = await tx
        .insert(t)
        .values({
          tenantId: this.tenantId,
          id: randomUUID(),
          server: r.server,
          instance: r.instance,
          guardVersion: r.guardVersion,
          policyId: r.policyId,
          hash: r.hash,
          document: r.document,
          keyId: r.keyId,
          effectiveFrom: from,
          effectiveTo: null,
          lastRegisteredAt: r.at,
        })
        .returning();
      if (!row) throw new Error("policy version insert returned nothing");
      return { version: toVersion(row), created: true };
    });
  }

  async listPolicyVersions(q: { server?: string; at?: Date } = {}): Promise<PolicyVersion[]> {
    const t = guardPolicyVersions;
    const rows = await this.db
      .select()
      .from(t)
      .where(
        and(
          eq(t.tenantId, this.tenantId),
          q.server === undefined ? undefined : eq(t.server, q.server),
          q.at === undefined
            ? undefined
            : and(lte(t.effectiveFrom, q.at), or(isNull(t.effectiveTo), gt(t.effectiveTo, q.at))),
        ),
      )
      .orderBy(asc(t.server), asc(t.effectiveFrom), asc(t.instance), asc(t.id));
    return rows.map(toVersion);
  }

  issueRevocation(r: NewRevocation): Promise<Revocation> {
    return this.db.transaction((tx) => insertRevocation(tx, this.tenantId, r));
  }

  async getRevocation(id: string): Promise<Revocation | null> {
    const t = guardRevocations;
    const [row] = await this.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, this.tenantId), eq(t.id, id)));
    return row ? toRevocation(row) : null;
  }

  async listRevocations(q: { campaignId?: string; server?: string } = {}) {
    const t = guardRevocations;
    const rows = await this.db
      .select()
      .from(t)
      .where(
        and(
          eq(t.tenantId, this.tenantId),
          q.campaignId === undefined ? undefined : eq(t.campaignId, q.campaignId),
          q.server === undefined ? undefined : eq(t.server, q.server),
        ),
      )
      .orderBy(asc(t.server), asc(t.listVersion), asc(t.id));
    return rows.map(toRevocation);
  }

  async listVersion(server: string): Promise<number> {
    const l = guardRevocationLists;
    const [row] = await this.db
      .select({ version: l.version })
      .from(l)
      .where(and(eq(l.tenantId, this.tenantId), eq(l.server, server)));
    return row ? Number(row.version) : 0;
  }

  async confirmRevocation(id: string, by: string, at: Date): Promise<boolean> {
    const t = guardRevocations;
    const rows = await this.db
      .update(t)
      .set({ status: "enforced", confirmedAt: at, confirmedBy: by })
      .where(
        and(
          eq(t.tenantId, this.tenantId),
          eq(t.id, id),
          isNull(t.confirmedAt),
          ne(t.status, "withdrawn"),
        ),
      )
      .returning({ id: t.id });
    return rows.length === 1;
  }

  async recordProof(id: string, eventId: string, at: Date): Promise<boolean> {
    const t = guardRevocations;
    const rows = await this.db
      .update(t)
      .set({ proofEventId: eventId, proofAt: at })
      .where(and(eq(t.tenantId, this.tenantId), eq(t.id, id), isNull(t.proofEventId)))
      .returning({ id: t.id });
    return rows.length === 1;
  }

  async recordException(id: string, note: string, by: string, at: Date): Promise<boolean> {
    const t = guardRevocations;
    const rows = await this.db
      .update(t)
      .set({ status: "exception", exceptionNote: scrub(note), exceptionBy: by, exceptionAt: at })
      .where(
        and(
          eq(t.tenantId, this.tenantId),
          eq(t.id, id),
          isNull(t.confirmedAt),
          ne(t.status, "withdrawn"),
        ),
      )
      .returning({ id: t.id });
    return rows.length === 1;
  }

  async recordHeartbeat(h: GuardHeartbeat): Promise<void> {
    const t = guardInstances;
    const fields = scrub({
      guardVersion: h.guardVersion,
      keyId: h.keyId,
      policyHash: h.policyHash,
      listVersion: h.listVersion,
      lastHeartbeatAt: h.at,
    });
    await this.db
      .insert(t)
      .values({ tenantId: this.tenantId, server: h.server, instance: h.instance, ...fields })
      .onConflictDoUpdate({ target: [t.tenantId, t.server, t.instance], set: fields });
  }

  async listGuardInstances(server?: string): Promise<GuardInstanceRecord[]> {
    const t = guardInstances;
    const rows = await this.db
      .select()
      .from(t)
      .where(
        and(eq(t.tenantId, this.tenantId), server === undefined ? undefined : eq(t.server, server)),
      )
      .orderBy(asc(t.server), asc(t.instance));
    return rows.map(({ tenantId: _, ...r }) => ({ ...r, listVersion: Number(r.listVersion) }));
  }
}
