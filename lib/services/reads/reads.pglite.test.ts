import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import { DEFAULT_SORT, parseView } from "../../queries/filters";
import type { AuditAction, TenantCtx } from "../context";
import { readEvent } from "./event-detail";
import { readEventsPage } from "./events-page";
import { readOverview } from "./overview";
import { readQuarantine } from "./quarantine";

describe("read services", () => {
  let store: Store;
  const audited: { tenantId: string; action: AuditAction }[] = [];

  const ctxAs = async (role: Role): Promise<TenantCtx> => {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: { kind: "user", userId: "u1", email: `${role}@acme.test`, auth: "session" },
      audit: async (tenantId, _actor, action) => {
        audited.push({ tenantId, action });
      },
      now: () => new Date(),
      tenant,
      data: store.forTenant(tenant.id),
      can: (p) => can(role, p),
    };
  };

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
  });
  afterAll(async () => store?.close());

  it("the explorer read writes its events.list audit event in the tenant", async () => {
    audited.length = 0;
    const view = parseView({ range: "24h" });
    const page = await readEventsPage({
      ctx: await ctxAs("auditor"),
      input: { view, sort: DEFAULT_SORT, size: 50 },
    });
    expect(page).toEqual({ rows: [], nextCursor: null, badCursor: null });
    expect(audited).toEqual([
      {
        tenantId: "acme",
        action: {
          action: "events.list",
          details: { query: "range=24h", sort: "time", dir: "desc", rows: 0 },
        },
      },
    ]);
  });

  it("refuses a viewer with code forbidden, before reading or auditing anything", async () => {
    audited.length = 0;
    const ctx = await ctxAs("viewer");
    const view = parseView({});
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => expect.unreachable("the read was served"),
        (err: unknown) => expect(hasCode(err, "forbidden")).toBe(true),
      );
    await refused(readEventsPage({ ctx, input: { view, sort: DEFAULT_SORT, size: 50 } }));
    await refused(readEvent({ ctx, input: { id: "e-1" } }));
    await refused(readQuarantine({ ctx, input: {} }));
    expect(audited).toEqual([]);
    // The overview is the viewer's: served and audited.
    await readOverview({ ctx, input: { view } });
    expect(audited.map((a) => a.action.action)).toEqual(["overview.view"]);
  });

  it("refuses an input that did not come through the page's parsing as invalid input", async () => {
    const ctx = await ctxAs("owner");
    await expect(
      readEventsPage({
        ctx,
        input: { view: parseView({}), sort: DEFAULT_SORT, size: 7 as 50 },
      }),
    ).rejects.toSatisfy((err: unknown) => hasCode(err, "invalid-input"));
  });
});
