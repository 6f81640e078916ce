import type { Store } from "../../db/store/types";
import { parsePolicy } from "../../guard/src/policy/load";
import { can } from "../../lib/auth/permissions";
import type { Role } from "../../lib/auth/roles";
import type { TenantCtx } from "../../lib/services/context";
import { issueIngestKey } from "../../lib/services/keys/create-key";
import { insertTenant } from "../../lib/services/tenants/create-tenant";
import { principalName, serverName, toolName } from "./shape";

const DAY_MS = 86_400_000;
/** Members: who runs the campaign, one owner per guarded server, and readers. */
export const MEMBERS: [string, Role][] = [
  ["co", "compliance_officer"],
  ["owner", "owner"],
  ...Array.from({ length: 10 }, (_, i) => [`rev${i}`, "admin"] as [string, Role]),
  ...Array.from({ length: 6 }, (_, i) => [`analyst${i}`, "security_analyst"] as [string, Role]),
  ["aud", "auditor"],
  ["view", "viewer"],
];
export const email = (name: string, tenant: string) => `${name}@${tenant}.bench`;

/** Two Guard policies (two servers): a team's wildcard grant, an open read, a sensitive tool. */
function policies(): { server: string; yaml: string }[] {
  const team = Array.from({ length: 100 }, (_, i) => principalName(i)).join(", ");
  const wider = Array.from({ length: 300 }, (_, i) => principalName(i)).join(", ");
  const s0 = serverName(0);
  const s1 = serverName(1);
  return [
    {
      server: s0,
      yaml: `
version: 1
id: ${s0}
server: { name: ${s0} }
tools:
  ${toolName(0, 11)}: { sensitive: true }
  ${toolName(0, 10)}: { classification: restricted }
rules:
  - { id: anyone-read, effect: allow, tools: [${toolName(0, 0)}, ${toolName(0, 1)}, ${toolName(0, 2)}] }
  - { id: team-all, effect: allow, actors: [${team}], tools: ["*"] }
`,
    },
    {
      server: s1,
      yaml: `
version: 1
id: ${s1}
server: { name: ${s1} }
tools:
  ${toolName(1, 3)}: { classification: confidential }
rules:
  - { id: wider-basic, effect: allow, actors: [${wider}], tools: [${[0, 1, 2, 3, 4, 5].map((v) => toolName(1, v)).join(", ")}] }
  - { id: ops-admin, effect: allow, roles: [ops], tools: ["${serverName(1)}_t1*"] }
`,
    },
  ];
}

/** The tenant with its members, three ingest keys and the two policies, as of `now`. */
export async function setUpTenant(store: Store, tenant: string, now: Date): Promise<void> {
  await insertTenant(store, { id: tenant });
  for (const name of ["east", "west", "batch"]) await issueIngestKey(store, tenant, { name });
  for (const [name, role] of MEMBERS) {
    const u = await store.admin.createUser({ email: email(name, tenant) });
    await store.admin.addMembership({
      userId: u.id,
      tenantId: tenant,
      role,
      ...(role === "auditor" ? { expiresAt: new Date(now.getTime() + 7 * DAY_MS) } : {}),
    });
  }
  for (const [i, p] of policies().entries())
    await store.forTenant(tenant).guardAccess.registerPolicy({
      server: p.server,
      instance: `g${i}`,
      guardVersion: "1.0.0",
      policyId: p.server,
      hash: String(i).repeat(64),
      keyId: "k-east",
      at: new Date(now.getTime() - 200 * DAY_MS),
      document: parsePolicy(p.yaml),
    });
}

/** A service context for member `name` (null: the operator, who may do everything). */
export async function ctxAs(
  store: Store,
  tenantId: string,
  name: string | null,
  now: Date,
): Promise<TenantCtx> {
  const tenant = await store.admin.getTenant(tenantId);
  if (!tenant) throw new Error(`no tenant ${tenantId}`);
  const entry = MEMBERS.find(([n]) => n === name);
  const user = name ? await store.admin.findUserByEmail(email(name, tenantId)) : null;
  return {
    store,
    actor:
      user && entry
        ? { kind: "user", userId: user.id, email: user.email, auth: "session" }
        : { kind: "operator", name: "bench@host" },
    audit: async () => {},
    now: () => now,
    tenant,
    data: store.forTenant(tenantId),
    can: (p) => (entry ? can(entry[1], p) : true),
  };
}
