import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../../../db/store/types";
import { parsePolicy } from "../../../guard/src/policy/load";
import { type Harness, makeEvent, startHarness } from "../../../test/fixtures/ingest-harness";
import { populationHash } from "../../access/population";
import type { PopulationEntry } from "../../access/population-types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { guardRevocationList } from "../revocations/guard-list";
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
 * policy, recurrence with new/unchanged/removed tags, and the export. A shared suite: the
 * population, its reconciliation against the rollups and the store of campaigns on every backend.
 */
export function reviewsServiceSuite(
  openStore: () => Promise<Store>,
  env: Record<string, string> = {},
) {
  let h: Harness;
  let store: Store;
  let clock = new Date(T0);
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
    h = await startHarness({ store: await openStore(), env, keepStore: true });
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
    await h.store.admin.sessions.create({
      idHash: "s1",
      userId: users.owner?.id ?? "",
      method: "password",
      createdAt: new Date(T0 - 10 * DAY),
      expiresAt: new Date(T0 + DAY),
    });
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
  afterAll(async () => {
    await h?.stop();
    await store?.close();
  });

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
      flags: ["auditor-expiring", "never-used"],
    });
    // The owner signed in 10 days ago: their membership carries the time and no use flag.
    expect(find("owner@acme.test", "membership")?.entry).toMatchObject({
      flags: [],
      detail: { lastSignIn: new Date(T0 - 10 * DAY).toISOString() },
    });
    expect(entries.every((e) => e.change === "new")).toBe(true);
  });

  it("keeps the hash stable for the same population", async () => {
    const ctx = await ctxAs("co");
    const other = await createCampaign({
      ctx,
      input: { name: "again", definition: definition({ newEntries: "escalate" }), dueAt: due() },
    });
    const a = await startCampaign({ ctx, input: { campaign: other.id } });
    // Every entry is new to this definition: each starts escalated, automatically.
    const { entries } = await listEntries({ ctx, input: { campaign: other.id } });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.decision?.decision === "escalate" && e.decision.automatic)).toBe(
      true,
    );
    const b = (await listCampaigns({ ctx, input: {} })).find((c) => c.id === first);
    expect(a.snapshotHash).toBe(b?.snapshotHash);
    await expect(codeOf(startCampaign({ ctx, input: { campaign: other.id } }))).resolves.toBe(
      "conflict",
    );
  });
  const entryOf = async (campaign: string, principal: string, kind = "tool") => {
    const { entries } = await listEntries({ ctx: await ctxAs("co"), input: { campaign } });
    const e = entries.find((x) => x.principal === principal && x.kind === kind);
    if (!e) throw new Error(`no entry ${principal}`);
    return e;
  };

  it("lets only the entry's reviewer decide, never on their own access, and changes nothing when refused", async () => {
    const alice = await entryOf(first, "alice@acme.test");
    const bot = await entryOf(first, "bot-1");
    const decisions = async () =>
      (await store.forTenant("acme").reviews.listDecisions(first)).length;
    // alice may decide (security analyst) but this is her own access.
    await expect(
      decideEntries({
        ctx: await ctxAs("alice"),
        input: { campaign: first, entries: [alice.id], decision: "keep" },
      }),
    ).rejects.toThrow(/your own access/);
    // rev is bot-1's reviewer, not alice's entry's.
    await expect(
      decideEntries({
        ctx: await ctxAs("rev"),
        input: { campaign: first, entries: [alice.id, bot.id], decision: "keep" },
      }),
    ).rejects.toThrow(/routed to another reviewer; nothing changed/);
    await expect(
      decideEntries({
        ctx: await ctxAs("rev"),
        input: { campaign: first, entries: [bot.id], decision: "revoke" },
      }),
    ).rejects.toThrow(/note: a revoke needs a note/);
    await expect(
      codeOf(
        decideEntries({
          ctx: await ctxAs("aud"),
          input: { campaign: first, entries: [bot.id], decision: "keep" },
        }),
      ),
    ).resolves.toBe("forbidden");
    await expect(
      codeOf(
        decideEntries({
          ctx: await ctxAs("rev"),
          input: { campaign: first, entries: ["e999"], decision: "keep" },
        }),
      ),
    ).resolves.toBe("not-found");
    expect(await decisions()).toBe(0);
    expect(
      await store.forTenant("acme").guardAccess.listRevocations({ campaignId: first }),
    ).toEqual([]);
    // A reviewer without reviews:read sees only their own entries.
    const revView = await listEntries({ ctx: await ctxAs("rev"), input: { campaign: first } });
    expect(revView.entries.map((e) => e.principal)).toEqual(["bot-1"]);
  });

  it("revokes: a Guard revocation, a removed membership; keeps in bulk; history is append-only", async () => {
    const bot = await entryOf(first, "bot-1");
    const out = await decideEntries({
      ctx: await ctxAs("rev"),
      input: { campaign: first, entries: [bot.id], decision: "revoke", note: "agent retired" },
    });
    const [revocation] = await store
      .forTenant("acme")
      .guardAccess.listRevocations({ campaignId: first });
    expect(revocation).toMatchObject({
      principal: "bot-1",
      server: "files",
      tools: ["write_file"],
      status: "pending",
      reason: "agent retired",
      entryId: bot.id,
    });
    expect(out.decided[0]?.enforcement).toBe(`revocation:${revocation?.id}`);
    // The viewer's membership: revoked by its reviewer (the fallback), removed at once.
    const viewer = await entryOf(first, "view@acme.test", "membership");
    await decideEntries({
      ctx: await ctxAs("co"),
      input: { campaign: first, entries: [viewer.id], decision: "revoke", note: "left the team" },
    });
    expect((await store.admin.listMembers("acme")).some((m) => m.email === "view@acme.test")).toBe(
      false,
    );
    // Bulk keep of everything else routed to co, with one note; then a change of mind on one.
    const { entries: mine } = await listEntries({
      ctx: await ctxAs("co"),
      input: { campaign: first, mine: true, state: "undecided" },
    });
    await decideEntries({
      ctx: await ctxAs("co"),
      input: {
        campaign: first,
        entries: mine.map((e) => e.id),
        decision: "keep",
        note: "still needed",
      },
    });
    const carol = await entryOf(first, "carol");
    await decideEntries({
      ctx: await ctxAs("co"),
      input: {
        campaign: first,
        entries: [carol.id],
        decision: "escalate",
        note: "unguarded server",
      },
    });
    const history = await store.forTenant("acme").reviews.listDecisions(first, carol.id);
    expect(history.map((d) => d.decision)).toEqual(["keep", "escalate"]);
    expect((await entryOf(first, "carol")).decision?.decision).toBe("escalate");
  });

  it("completes only when everything is decided and every revocation enforced or excepted", async () => {
    const co = await ctxAs("co");
    await expect(completeCampaign({ ctx: co, input: { campaign: first } })).rejects.toThrow(
      /no final decision/,
    );
    // An escalated entry can be decided by whoever runs reviews.
    const carol = await entryOf(first, "carol");
    const owner = await ctxAs("owner");
    await decideEntries({
      ctx: owner,
      input: { campaign: first, entries: [carol.id], decision: "keep", note: "ok" },
    });
    const { entries } = await listEntries({
      ctx: owner,
      input: { campaign: first, state: "undecided" },
    });
    for (const [name, u] of Object.entries(users)) {
      const theirs = entries.filter((e) => e.reviewerUserId === u.id).map((e) => e.id);
      if (theirs.length > 0)
        await decideEntries({
          ctx: await ctxAs(name),
          input: { campaign: first, entries: theirs, decision: "keep" },
        });
    }
    await expect(completeCampaign({ ctx: co, input: { campaign: first } })).rejects.toThrow(
      /not yet enforced by Guard/,
    );
    const [revocation] = await store
      .forTenant("acme")
      .guardAccess.listRevocations({ campaignId: first });
    await recordRevocationException({
      ctx: co,
      input: { revocationId: revocation?.id ?? "", note: "no Guard in front of files yet" },
    });
    const done = await completeCampaign({ ctx: co, input: { campaign: first } });
    expect(done.campaign.status).toBe("completed");
    expect(done.next).toMatchObject({
      status: "draft",
      definitionId: done.campaign.definitionId,
      name: "Q3 files",
    });
    // Locked: a decision is refused and nothing is written.
    const before = (await store.forTenant("acme").reviews.listDecisions(first)).length;
    await expect(
      decideEntries({ ctx: co, input: { campaign: first, entries: [carol.id], decision: "keep" } }),
    ).rejects.toThrow(/completed and locked .*nothing changed/);
    expect((await store.forTenant("acme").reviews.listDecisions(first)).length).toBe(before);
  });

  it("tags the next campaign's entries new, unchanged or removed, and applies the due-date outcome", async () => {
    const co = await ctxAs("co");
    const next = (await listCampaigns({ ctx: co, input: { status: ["draft"] } }))[0];
    if (!next) throw new Error("no next draft");
    await h.post(
      await h.tenantWithKey("acme"),
      JSON.stringify([
        makeEvent({ time: ago(1), actor: { id: "dave" }, server: { name: "db" }, tool: "query" }),
      ]),
    );
    await h.stored();
    await startCampaign({ ctx: co, input: { campaign: next.id } });
    const { entries } = await listEntries({ ctx: co, input: { campaign: next.id } });
    const change = (p: string, kind = "tool") =>
      entries.find((e) => e.principal === p && e.kind === kind)?.change;
    expect(change("dave")).toBe("new");
    expect(change("alice@acme.test")).toBe("unchanged");
    expect(change("view@acme.test", "membership")).toBe("removed");
    // Reminders once within the reminder days; at the due date the outcome (escalate) on the rest.
    clock = new Date(new Date(next.dueAt).getTime() - DAY);
    audits.length = 0;
    const [reminded] = await applyDuePolicy({ ctx: co, input: { campaign: next.id } });
    const reminders = audits.filter((a) => a.action === "review.reminder");
    expect(reminded?.applied).toBe(0);
    expect(reminded?.reminded).toBeGreaterThan(0);
    expect(reminders).toHaveLength(reminded?.reminded ?? -1);
    clock = new Date(new Date(next.dueAt).getTime() + 1);
    const [applied] = await applyDuePolicy({ ctx: co, input: { campaign: next.id } });
    const undecided = entries.filter((e) => e.change !== "removed").length;
    expect(applied).toMatchObject({ reminded: 0, applied: undecided });
    const decisions = await store.forTenant("acme").reviews.listDecisions(next.id);
    expect(
      decisions.every((d) => d.automatic && d.decidedBy === "due-date" && d.decision === "keep"),
    ).toBe(true);
    expect((await applyDuePolicy({ ctx: co, input: { campaign: next.id } }))[0]).toMatchObject({
      applied: 0,
    });
    clock = new Date(T0);
  });

  it("exports the definition, frozen population, decisions and revocation proof", async () => {
    const co = await ctxAs("aud");
    const json = JSON.parse((await exportCampaign({ ctx: co, input: { campaign: first } })).body);
    expect(json.snapshot.recomputedHash).toBe(json.snapshot.hash);
    expect(json.campaign.definition.controls).toEqual(["SOC2 CC6.2"]);
    expect(json.decisions.some((d: { note: string }) => d.note === "agent retired")).toBe(true);
    expect(json.exceptions).toEqual([
      expect.objectContaining({
        principal: "bot-1",
        status: "exception",
        exceptionNote: "no Guard in front of files yet",
      }),
    ]);
    const csv = (await exportCampaign({ ctx: co, input: { campaign: first, format: "csv" } })).body;
    expect(csv.split("\n")[0]).toMatch(/^entry,change,kind,principal/);
    expect(csv).toContain(",'=HYPERLINK(1),");
    expect(csv).not.toMatch(/,=HYPERLINK/);
    await expect(
      codeOf(exportCampaign({ ctx: await ctxAs("view"), input: { campaign: first } })),
    ).resolves.toBe("forbidden");
    // A reviewer reads the page but sees only their entries: no export of the whole campaign.
    await expect(
      codeOf(exportCampaign({ ctx: await ctxAs("rev"), input: { campaign: first } })),
    ).resolves.toBe("forbidden");
  });

  it("a keep after a revoke withdraws the Guard revocation; a removed membership is not undone", async () => {
    const co = await ctxAs("co");
    const [open] = await listCampaigns({ ctx: co, input: { status: ["in_progress"] } });
    if (!open) throw new Error("no campaign in progress");
    const data = store.forTenant("acme");
    const bot = await entryOf(open.id, "bot-1");
    const rev = await ctxAs("rev");
    await decideEntries({
      ctx: rev,
      input: { campaign: open.id, entries: [bot.id], decision: "revoke", note: "retired" },
    });
    const [issued] = (await data.guardAccess.listRevocations({ campaignId: open.id })).filter(
      (r) => r.entryId === bot.id,
    );
    if (!issued) throw new Error("no revocation issued");
    const [key] = await store.admin.listIngestKeys("acme");
    if (!key) throw new Error("no ingest key");
    // What Guard pulls for its server (the list endpoint's service).
    const listed = async () =>
      (
        await guardRevocationList({
          ctx: { store, key, now: () => clock },
          input: { server: "files" },
        })
      ).revocations.map((r) => r.id);
    expect(await listed()).toContain(issued.id);
    audits.length = 0;
    const kept = await decideEntries({
      ctx: rev,
      input: { campaign: open.id, entries: [bot.id], decision: "keep", note: "still needed" },
    });
    expect(kept.decided[0]?.enforcement).toBe(`withdrew:revocation:${issued.id}`);
    const after = await data.guardAccess.getRevocation(issued.id);
    expect(after?.status).toBe("withdrawn");
    expect(await data.guardAccess.listVersion("files")).toBeGreaterThan(issued.listVersion);
    expect(audits.filter((a) => a.action === "revocation.withdrawn")).toHaveLength(1);
    expect(await listed()).not.toContain(issued.id);
    // A second keep withdraws nothing more; the withdrawn revocation takes no exception.
    const again = await decideEntries({
      ctx: rev,
      input: { campaign: open.id, entries: [bot.id], decision: "keep" },
    });
    expect(again.decided[0]?.enforcement).toBeNull();
    await expect(
      recordRevocationException({ ctx: co, input: { revocationId: issued.id, note: "n/a" } }),
    ).rejects.toThrow(/withdrawn by a later keep/);
    // A member removed by a revoke stays removed after a keep, and the result says so.
    const owner = await entryOf(open.id, "owner@acme.test", "membership");
    const reviewer = Object.entries(users).find(([, u]) => u.id === owner.reviewerUserId)?.[0];
    if (!reviewer) throw new Error("no reviewer for the owner's membership");
    const u = await store.admin.createUser({ email: "temp-owner@acme.test" });
    await store.admin.addMembership({ userId: u.id, tenantId: "acme", role: "owner" });
    const who = await ctxAs(reviewer);
    await decideEntries({
      ctx: who,
      input: { campaign: open.id, entries: [owner.id], decision: "revoke", note: "left" },
    });
    const undo = await decideEntries({
      ctx: who,
      input: { campaign: open.id, entries: [owner.id], decision: "keep", note: "mistake" },
    });
    expect(undo.decided[0]?.enforcement).toMatch(/^not-restored:membership-removed .*re-invite/);
    expect((await store.admin.listMembers("acme")).some((m) => m.email === "owner@acme.test")).toBe(
      false,
    );
  });

  it("a reduce of a Guard grant revokes exactly the tools taken away, within the grant", async () => {
    const co = await ctxAs("co");
    const [open] = await listCampaigns({ ctx: co, input: { status: ["in_progress"] } });
    if (!open) throw new Error("no campaign in progress");
    const data = store.forTenant("acme");
    const bot = await entryOf(open.id, "bot-1");
    const rev = await ctxAs("rev");
    const before = (await data.guardAccess.listRevocations({ campaignId: open.id })).length;
    await expect(
      decideEntries({
        ctx: rev,
        input: {
          campaign: open.id,
          entries: [bot.id],
          decision: "reduce",
          note: "narrower",
          reduce: { tools: ["write_file", "delete_file"] },
        },
      }),
    ).rejects.toThrow(/delete_file is not part of this grant \(write_file\); nothing changed/);
    expect(await data.guardAccess.listRevocations({ campaignId: open.id })).toHaveLength(before);
    const out = await decideEntries({
      ctx: rev,
      input: {
        campaign: open.id,
        entries: [bot.id],
        decision: "reduce",
        note: "narrower",
        reduce: { tools: ["write_file", "write_file"] },
      },
    });
    const id = out.decided[0]?.enforcement?.replace(/^revocation:/, "") ?? "";
    expect((await data.guardAccess.getRevocation(id))?.tools).toEqual(["write_file"]);
    // Kept again: the reduce's revocation is withdrawn like a revoke's.
    const kept = await decideEntries({
      ctx: rev,
      input: { campaign: open.id, entries: [bot.id], decision: "keep" },
    });
    expect(kept.decided[0]?.enforcement).toBe(`withdrew:revocation:${id}`);
  });

  it("a campaign closed between the check and the record gets neither decision nor revocation", async () => {
    const co = await ctxAs("co");
    const [open] = await listCampaigns({ ctx: co, input: { status: ["in_progress"] } });
    if (!open) throw new Error("no campaign in progress");
    const bot = await entryOf(open.id, "bot-1");
    const rev = await ctxAs("rev");
    const data = rev.data;
    const at = <T extends object>(t: T, p: string | symbol) => {
      const v = Reflect.get(t, p);
      return typeof v === "function" ? v.bind(t) : v;
    };
    // The campaign is cancelled right after decide has checked it is in progress.
    const reviews = new Proxy(data.reviews, {
      get: (t, p) =>
        p === "listEntries"
          ? async (...args: Parameters<typeof t.listEntries>) => {
              const found = await t.listEntries(...args);
              await t.transition(open.id, ["in_progress"], "cancelled", clock, "ops@host");
              return found;
            }
          : at(t, p),
    });
    const racing = {
      ...rev,
      data: new Proxy(data, { get: (t, p) => (p === "reviews" ? reviews : at(t, p)) }),
    };
    const version = await data.guardAccess.listVersion("files");
    const decisions = (await data.reviews.listDecisions(open.id)).length;
    const revocations = (await data.guardAccess.listRevocations({ campaignId: open.id })).length;
    await expect(
      decideEntries({
        ctx: racing,
        input: { campaign: open.id, entries: [bot.id], decision: "revoke", note: "retired" },
      }),
    ).rejects.toThrow(/closed meanwhile; no decision recorded, nothing enforced/);
    expect(await data.guardAccess.listRevocations({ campaignId: open.id })).toHaveLength(
      revocations,
    );
    expect(await data.guardAccess.listVersion("files")).toBe(version);
    expect((await data.reviews.listDecisions(open.id)).length).toBe(decisions);
  });
}
