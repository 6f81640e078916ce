import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../db/store/types";
import { parsePolicy } from "../../../guard/src/policy/load";
import { type Harness, makeEvent, startHarness } from "../../../test/fixtures/ingest-harness";
import { populationHash } from "../../access/population";
import type { PopulationEntry } from "../../access/population-types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { recordRevocationException } from "../revocations/record-exception";
import { applyDuePolicy } from "./apply-due-policy";
import { completeCampaign } from "./complete-campaign";
import { createCampaign } from "./create-campaign";
import { decideEntries } from "./decide-entries";
import { exportCampaign } from "./export-campaign";
import { listCampaigns } from "./list-campaigns";
import { listEntries } from "./list-entries";
import { startCampaign } from "./start-campaign";

const DAY = 86_400_000;
const T0 = Date.now();
const ago = (days: number) => new Date(T0 - days * DAY).toISOString();

/**
 * Campaigns end to end on a real store filled by the real ingest pipeline: bad input refused with
 * nothing changed, the frozen snapshot and its hash, routing with self-review reassigned, decisions
 * (append-only, only by the entry's reviewer, never on one's own access), enforcement, the due-date
 * policy, recurrence with new/unchanged/removed tags, and the export.
 */
describe("access review campaigns (PGlite)", () => {
  let h: Harness;
  let store: Store;
  const clock = new Date(T0);
  const audits: AuditAction[] = [];
  const users: Record<string, { id: string; email: string; role: Role }> = {};

  async function ctxAs(who: string | null): Promise<TenantCtx> {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    const u = who ? users[who] : undefined;
    const actor: Actor = u
      ? { kind: "user", userId: u.id, email: u.email, auth: "session" }
      : { kind: "operator", name: "ops@host" };
    return {
      store,
      actor,
      audit: async (_t, _a, action) => {
        audits.push(action);
      },
      now: () => clock,
      tenant,
      data: store.forTenant("acme"),
      can: (p) => (u ? can(u.role, p) : true),
    };
  }

  const definition = (over: Record<string, unknown> = {}) => ({
    scope: { everything: true },
    periodDays: 30,
    reviewers: { fallback: "co@acme.test", servers: { files: "alice@acme.test" } },
    controls: ["SOC2 CC6.2"],
    ...over,
  });
  const due = () => new Date(clock.getTime() + 14 * DAY).toISOString();

  beforeAll(async () => {
    h = await startHarness({ keepStore: true });
    const token = await h.tenantWithKey("acme");
    await h.tenantWithKey("globex");
    for (const [name, tenant, role, expires] of [
      ["owner", "acme", "owner", null],
      ["co", "acme", "compliance_officer", null],
      ["rev", "acme", "admin", null],
      ["alice", "acme", "security_analyst", null],
      ["aud", "acme", "auditor", new Date(T0 + 5 * DAY)],
      ["view", "acme", "viewer", null],
      ["outsider", "globex", "owner", null],
    ] as const) {
      const email = `${name}@${tenant}.test`;
      const u = await h.store.admin.createUser({ email });
      await h.store.admin.addMembership({
        userId: u.id,
        tenantId: tenant,
        role,
        ...(expires ? { expiresAt: expires } : {}),
      });
      users[name] = { id: u.id, email, role };
    }
    const files = { name: "files" };
    const res = await h.post(
      token,
      JSON.stringify([
        makeEvent({
          time: ago(2),
          actor: { id: "alice@acme.test" },
          server: files,
          tool: "read_file",
        }),
        makeEvent({
          time: ago(3),
          actor: { id: "alice@acme.test" },
          server: files,
          tool: "read_file",
        }),
        makeEvent({
          time: ago(1),
          actor: { id: "bot-1", type: "agent" },
          server: files,
          tool: "write_file",
          // By user id: the default redaction masks an email in a label.
          labels: { acts_for: users.rev?.id ?? "" },
        }),
        makeEvent({ time: ago(4), actor: { id: "carol" }, server: { name: "db" }, tool: "query" }),
        makeEvent({
          time: ago(4),
          actor: { id: "=HYPERLINK(1)" },
          server: { name: "db" },
          tool: "query",
        }),
      ]),
    );
    expect(res.status).toBeLessThan(300);
    store = await h.stored();
    await store.forTenant("acme").guardAccess.registerPolicy({
      server: "files",
      instance: "g1",
      guardVersion: "1.0.0",
      policyId: "files",
      hash: "a".repeat(64),
      keyId: "k",
      at: new Date(T0 - 60 * DAY),
      document: parsePolicy(`
version: 1
id: files
server: { name: files }
tools:
  delete_file: { sensitive: true }
rules:
  - { id: alice-read, effect: allow, actors: [alice@acme.test], tools: [read_file] }
  - { id: bot-write, effect: allow, actors: [bot-1], tools: [write_file] }
  - { id: ops-delete, effect: allow, roles: [ops], tools: [delete_file] }
`),
    });
  });
  afterAll(async () => h?.stop());

  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => "resolved",
      (e: unknown) => {
        for (const c of ["invalid-input", "not-found", "forbidden", "conflict"])
          if (hasCode(e, c as "conflict")) return c;
        throw e;
      },
    );

  it("refuses bad campaigns with a clear error and creates nothing", async () => {
    const ctx = await ctxAs("co");
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { definition: definition({ scope: { servers: ["nope"] } }) },
        /scope.servers: unknown server "nope"/,
      ],
      [
        { definition: definition({ scope: { principals: ["ghost"] } }) },
        /unknown principal "ghost"/,
      ],
      [{ dueAt: ago(1) }, /dueAt: .* is in the past/],
      [
        { definition: definition({ reviewers: { fallback: "outsider@globex.test" } }) },
        /outsider@globex.test is not a member of acme/,
      ],
      [
        { definition: definition({ reviewers: { fallback: "aud@acme.test" } }) },
        /is not a member of acme who may decide/,
      ],
      [
        { definition: definition({ scope: {} }) },
        /name servers, tools, roles or principals, or everything/,
      ],
    ];
    for (const [over, message] of cases)
      await expect(
        createCampaign({
          ctx,
          input: { name: "Q", definition: definition(), dueAt: due(), ...over } as never,
        }),
      ).rejects.toThrow(message);
    await expect(
      codeOf(
        createCampaign({
          ctx: await ctxAs("view"),
          input: { name: "Q", definition: definition(), dueAt: due() },
        }),
      ),
    ).resolves.toBe("forbidden");
    expect(await listCampaigns({ ctx, input: {} })).toEqual([]);
  });

  let first = "";
  it("starts: freezes the population with its hash, reconciled counts and routing", async () => {
    const ctx = await ctxAs("co");
    const draft = await createCampaign({
      ctx,
      input: {
        name: "Q3 files",
        definition: definition({ cadence: "quarterly", dueOutcome: "keep" }),
        dueAt: due(),
      },
    });
    expect(draft.status).toBe("draft");
    first = draft.id;
    const started = await startCampaign({ ctx, input: { campaign: first } });
    expect(started.status).toBe("in_progress");
    expect(started.counts).toMatchObject({
      population: { reconciled: true, callsInEntries: 5, callsInRollups: 5 },
    });
    const { entries } = await listEntries({ ctx, input: { campaign: first } });
    expect(started.snapshotHash).toBe(
      populationHash(entries.map((e) => e.entry as PopulationEntry)),
    );
    const find = (principal: string, kind = "tool") =>
      entries.find((e) => e.principal === principal && e.kind === kind);
    // alice owns the files server but never reviews her own access: the fallback does.
    expect(find("alice@acme.test")).toMatchObject({
      reviewerUserId: users.co?.id,
      routedBy: "self-review→fallback",
    });
    // The agent's entry goes to the human it acts for.
    expect(find("bot-1")).toMatchObject({ reviewerUserId: users.rev?.id, routedBy: "acts-for" });
    expect(find("role:ops")?.entry).toMatchObject({ flags: ["never-used", "privileged"] });
    expect(find("carol")?.entry).toMatchObject({
      flags: expect.arrayContaining(["observed-only"]),
    });
    // The fallback's own membership: not them, not the creator (them again), but an owner.
    expect(find("co@acme.test", "membership")).toMatchObject({
      reviewerUserId: users.owner?.id,
      routedBy: "self-review→owner",
    });
    expect(find("aud@acme.test", "membership")?.entry).toMatchObject({
      flags: ["auditor-expiring"],
    });
    expect(entries.every((e) => e.change === "new")).toBe(true);
  });

  it("keeps the hash stable for the same population", async () => {
    const ctx = await ctxAs("co");
    const other = await createCampaign({
      ctx,
      input: { name: "again", definition: definition(), dueAt: due() },
    });
    const a = await startCampaign({ ctx, input: { campaign: other.id } });
    const b = (await listCampaigns({ ctx, input: {} })).find((c) => c.id === first);
    expect(a.snapshotHash).toBe(b?.snapshotHash);
    await expect(codeOf(startCampaign({ ctx, input: { campaign: other.id } }))).resolves.toBe(
      "conflict",
    );
  });
});
