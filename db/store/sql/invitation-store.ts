import { and, asc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { invitations, memberships, tenants, users } from "../../schema";
import type {
  InvitationAcceptance,
  InvitationOutcome,
  InvitationRecord,
  InvitationStore,
  NewInvitation,
} from "../types";
import type { Db } from "./database";

const RECORD = {
  tokenHash: invitations.tokenHash,
  tenantId: invitations.tenantId,
  tenantName: tenants.name,
  email: invitations.email,
  role: invitations.role,
  accessExpiresAt: invitations.accessExpiresAt,
  createdBy: invitations.createdBy,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
  usedAt: invitations.usedAt,
  acceptedBy: invitations.userId,
};

/**
 * Pending memberships bound to an email. The token is the capability, so lookups by its hash are
 * global (like ingest keys); everything else is per tenant.
 */
export class SqlInvitationStore implements InvitationStore {
  constructor(private readonly db: Db) {}

  async upsert(inv: NewInvitation): Promise<void> {
    // One pending link per tenant and email: inviting again replaces the earlier link.
    await this.db
      .insert(invitations)
      .values(inv)
      .onConflictDoUpdate({
        target: [invitations.tenantId, invitations.email],
        targetWhere: isNull(invitations.usedAt),
        set: {
          tokenHash: inv.tokenHash,
          role: inv.role,
          accessExpiresAt: inv.accessExpiresAt,
          createdBy: inv.createdBy,
          expiresAt: inv.expiresAt,
          createdAt: sql`now()`,
        },
      });
  }

  async find(tokenHash: string): Promise<InvitationRecord | null> {
    const [row] = await this.db
      .select(RECORD)
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .where(eq(invitations.tokenHash, tokenHash));
    return row ?? null;
  }

  async pending(tenantId: string, now: Date): Promise<InvitationRecord[]> {
    return this.db
      .select(RECORD)
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .where(
        and(
          eq(invitations.tenantId, tenantId),
          isNull(invitations.usedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .orderBy(asc(invitations.email));
  }

  async acceptedBy(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ tenantId: invitations.tenantId })
      .from(invitations)
      .where(and(eq(invitations.userId, userId), isNotNull(invitations.usedAt)));
    return rows.map((r) => r.tenantId);
  }

  /**
   * Checks, burns and grants in one transaction: the link is locked while it is used, so two
   * submissions cannot both pass, and nothing is granted when the account check fails.
   */
  accept(a: InvitationAcceptance): Promise<InvitationOutcome> {
    return this.db.transaction(async (tx): Promise<InvitationOutcome> => {
      const [inv] = await tx
        .select(RECORD)
        .from(invitations)
        .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
        .where(
          and(
            eq(invitations.tokenHash, a.tokenHash),
            isNull(invitations.usedAt),
            gt(invitations.expiresAt, a.now),
          ),
        )
        .for("update", { of: invitations });
      if (!inv) return { ok: false, reason: "invalid" };
      let userId: string;
      if ("newPasswordHash" in a.account) {
        // Only for an email nobody has: an account that appeared meanwhile is never touched.
        const [created] = await tx
          .insert(users)
          .values({
            email: inv.email,
            passwordHash: a.account.newPasswordHash,
            passwordSetVia: "invitation",
          })
          .onConflictDoNothing({ target: users.email })
          .returning({ id: users.id });
        if (!created) return { ok: false, reason: "account-exists" };
        userId = created.id;
      } else {
        const [user] = await tx
          .select({ email: users.email, disabledAt: users.disabledAt })
          .from(users)
          .where(eq(users.id, a.account.userId));
        if (!user || user.disabledAt || user.email !== inv.email)
          return { ok: false, reason: "wrong-account" };
        userId = a.account.userId;
      }
      const burn = tx
        .update(invitations)
        .set({ usedAt: a.now, userId })
        .where(eq(invitations.tokenHash, a.tokenHash));
      const [member] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, inv.tenantId)));
      if (member) {
        // A link never changes the role of someone who is already a member.
        await burn;
        return { ok: false, reason: "already-member" };
      }
      await tx.insert(memberships).values({
        userId,
        tenantId: inv.tenantId,
        role: inv.role,
        expiresAt: inv.accessExpiresAt,
      });
      await burn;
      return { ok: true, userId, invitation: { ...inv, usedAt: a.now, acceptedBy: userId } };
    });
  }
}
