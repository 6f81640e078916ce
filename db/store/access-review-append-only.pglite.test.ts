import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "./pglite";

/**
 * Review decisions are evidence: the table itself refuses to change or lose a row (migration
 * 0013's trigger), whoever writes to the database behind the application's back.
 */
describe("review_decisions is append-only (PGlite)", () => {
  const dir = mkdtempSync(join(tmpdir(), "tooltrail-decisions-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses UPDATE and DELETE of a decision and keeps it as it was", async () => {
    const store = await openPgliteStore(dir);
    await store.migrate();
    const reviews = store.forTenant("acme").reviews;
    const at = new Date("2026-07-01T00:00:00Z");
    await reviews.createCampaign({
      id: "c1",
      definitionId: "c1",
      name: "Q",
      definition: {},
      dueAt: at,
      createdBy: "u0",
      createdAt: at,
    });
    await reviews.startCampaign("c1", {
      startedAt: at,
      snapshotHash: "h",
      counts: {},
      previousCampaignId: null,
      entries: [],
    });
    const decision = {
      id: "d1",
      campaignId: "c1",
      entryId: "e1",
      decision: "revoke" as const,
      note: "why",
      reduceTo: null,
      decidedBy: "u1",
      decidedAt: at,
      automatic: false,
      enforcement: null,
    };
    expect(await reviews.addDecisions("c1", [decision])).toBe(true);
    await store.close();

    const raw = await PGlite.create({ dataDir: dir });
    await expect(raw.exec("UPDATE review_decisions SET decision = 'keep'")).rejects.toThrow(
      /append-only/,
    );
    await expect(raw.exec("DELETE FROM review_decisions")).rejects.toThrow(/append-only/);
    const { rows } = await raw.query<{ decision: string }>("SELECT decision FROM review_decisions");
    expect(rows).toEqual([{ decision: "revoke" }]);
    await raw.close();
  });
});
