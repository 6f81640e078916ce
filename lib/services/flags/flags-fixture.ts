import { openPgliteStore } from "../../../db/store/pglite";
import type { FlagRecord, Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import { ROLES, type Role } from "../../auth/roles";
import type { Actor, AuditAction, TenantCtx } from "../context";

/**
 * A real in-memory PGlite store with two tenants (acme, globex), a member of acme per role and
 * one of globex, flags the engine's own commit path writes, and the audit events each context
 * records: what the flag services' tests run on.
 */
export type FlagsWorld = {
  store: Store;
  users: Record<Role | "globex_owner" | "expired_analyst", string>;
  audited: { tenantId: string; actor: Actor; action: AuditAction }[];
  ctxAs(role: Role | null, tenant?: string, now?: Date): Promise<TenantCtx>;
  /** Inserts flags through commitEvaluation, as the engine does. */
  seedFlags(tenant: string, flags: Partial<FlagRecord>[]): Promise<FlagRecord[]>;
  close(): Promise<void>;
};

export const NOW = new Date("2026-12-03T12:00:00Z");

export async function openFlagsWorld(): Promise<FlagsWorld> {
  const store = await openPgliteStore(undefined);
  await store.migrate();
  await store.admin.createTenant({ id: "acme", name: "Acme" });
  await store.admin.createTenant({ id: "globex", name: "Globex" });
  const users = {} as FlagsWorld["users"];
  for (const role of ROLES) {
    const u = await store.admin.createUser({ email: `${role}@acme.test` });
    await store.admin.addMembership({ userId: u.id, tenantId: "acme", role });
    users[role] = u.id;
  }
  const g = await store.admin.createUser({ email: "owner@globex.test" });
  await store.admin.addMembership({ userId: g.id, tenantId: "globex", role: "owner" });
  users.globex_owner = g.id;
  const x = await store.admin.createUser({ email: "former@acme.test" });
  await store.admin.addMembership({
    userId: x.id,
    tenantId: "acme",
    role: "security_analyst",
    expiresAt: new Date(NOW.getTime() - 86_400_000),
  });
  users.expired_analyst = x.id;

  const audited: FlagsWorld["audited"] = [];
  let n = 0;
  return {
    store,
    users,
    audited,
    async ctxAs(role, tenant = "acme", now = NOW) {
      const t = await store.admin.getTenant(tenant);
      if (!t) throw new Error(`no tenant ${tenant}`);
      const actor: Actor =
        role === null
          ? { kind: "operator", name: "ops@host" }
          : {
              kind: "user",
              userId: tenant === "acme" ? users[role] : users.globex_owner,
              email: `${role}@${tenant}.test`,
              auth: "session",
            };
      return {
        store,
        actor,
        audit: async (tenantId, a, action) => {
          audited.push({ tenantId, actor: a, action });
        },
        now: () => now,
        tenant: t,
        data: store.forTenant(tenant),
        can: (p) => role === null || can(role, p),
      };
    },
    async seedFlags(tenant, partial) {
      const det = store.forTenant(tenant).detection;
      const flags = partial.map((p): FlagRecord => {
        n++;
        const start = p.start ?? new Date(NOW.getTime() - 3 * 3_600_000);
        const end = p.end ?? new Date(start.getTime() + 3_600_000);
        return {
          id: `flag-${tenant}-${n}`,
          rule: "volume_spike",
          ruleVersion: 1,
          params: {},
          groupKey: `alice-${n}`,
          subjectKind: "actor",
          subjectKey: "alice",
          subjectLabel: "alice",
          severity: "high",
          status: "open",
          active: true,
          start,
          end,
          observed: { calls: 412 },
          baseline: { median: 9, mad: 4 },
          sentence: "alice called delete_file 412 times",
          evidence: [],
          assignee: null,
          resolution: null,
          resolutionNote: null,
          incidentId: null,
          firstSeen: start,
          lastSeen: end,
          createdAt: start,
          updatedAt: end,
          ...p,
        };
      });
      const cur = await det.getCursor();
      const ok = await det.commitEvaluation({
        expectVersion: cur?.version ?? null,
        cursor: { watermark: NOW, state: {}, backfilledFrom: null },
        tallies: [],
        seen: [],
        flags,
        history: [],
        now: NOW,
      });
      if (!ok) throw new Error("seed commit refused");
      return flags;
    },
    close: () => store.close(),
  };
}
