import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { eventDoc, storeEvents } from "../../lib/detect/engine-test-kit";
import { runTooltrail } from "../../test/fixtures/tooltrail-process";

const DAY = 86_400_000;

/**
 * `tooltrail reviews` as an operator runs it on a data directory: a campaign created, started,
 * decided (a revoke with its note, then a bulk keep of what a filter selects), refused on bad
 * input with a clear line and exit code, completed, exported as CSV and JSON.
 */
describe("tooltrail reviews", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-reviews-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runTooltrail(args, { DATA_DIR: dataDir });
  const json = async (...args: string[]) => {
    const r = await cli(...args, "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const due = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);

  it("runs a campaign from create to export", async () => {
    expect((await cli("tenants", "create", "acme")).code).toBe(0);
    expect(
      (
        await cli(
          "users",
          "create",
          "--tenant",
          "acme",
          "--email",
          "co@acme.test",
          "--role",
          "compliance_officer",
        )
      ).code,
    ).toBe(0);
    const store = await openPgliteStore(join(dataDir, "pglite"));
    const now = Date.now();
    await storeEvents(store, [
      eventDoc("acme", "r1", now - 2 * DAY, {
        actor: { id: "bob", type: "user" },
        server: { name: "files" },
        tool: "read_file",
      }),
      eventDoc("acme", "r2", now - DAY, {
        actor: { id: "eve", type: "user" },
        server: { name: "files" },
        tool: "delete_file",
      }),
    ]);
    await store.close();

    const past = await cli(
      "reviews",
      "create",
      "--tenant",
      "acme",
      "--name",
      "Q",
      "--due",
      "2020-01-01",
      "--everything",
      "--fallback",
      "co@acme.test",
    );
    expect(past.code).toBe(1);
    expect(past.stderr).toMatch(/dueAt: 2020-01-01T23:59:59.999Z is in the past/);

    const created = await json(
      "reviews",
      "create",
      "--tenant",
      "acme",
      "--name",
      "Files Q4",
      "--due",
      due,
      "--server",
      "files",
      "--fallback",
      "co@acme.test",
      "--control",
      "SOC2 CC6.3",
    );
    expect(created.status).toBe("draft");
    const started = await json("reviews", "start", "--tenant", "acme", "--campaign", created.id);
    expect(started.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(started.counts.population.reconciled).toBe(true);
    const entries = await json("reviews", "entries", "--tenant", "acme", "--campaign", created.id);
    expect(entries.map((e: { principal: string }) => e.principal).sort()).toEqual(["bob", "eve"]);
    const eve = entries.find((e: { principal: string }) => e.principal === "eve");

    const noNote = await cli(
      "reviews",
      "decide",
      "--tenant",
      "acme",
      "--campaign",
      created.id,
      "--entry",
      eve.id,
      "--decision",
      "revoke",
    );
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toMatch(/note: a revoke needs a note/);
    const revoked = await json(
      "reviews",
      "decide",
      "--tenant",
      "acme",
      "--campaign",
      created.id,
      "--entry",
      eve.id,
      "--decision",
      "revoke",
      "--note",
      "no longer needed",
    );
    expect(revoked.decided[0].enforcement).toMatch(/^revocation:/);
    const kept = await json(
      "reviews",
      "decide",
      "--tenant",
      "acme",
      "--campaign",
      created.id,
      "--state",
      "undecided",
      "--decision",
      "keep",
      "--note",
      "quarterly check",
    );
    expect(kept.decided.map((d: { entry: string }) => d.entry)).toHaveLength(1);

    // The revocation is pending until Guard confirms it: complete says so, an exception unblocks.
    const early = await cli("reviews", "complete", "--tenant", "acme", "--campaign", created.id);
    expect(early.code).not.toBe(0);
    expect(early.stderr).toMatch(/not yet enforced by Guard/);
    const revocation = revoked.decided[0].enforcement.slice("revocation:".length);
    await json(
      "reviews",
      "exception",
      "--tenant",
      "acme",
      "--revocation",
      revocation,
      "--note",
      "server retired",
    );
    const done = await json("reviews", "complete", "--tenant", "acme", "--campaign", created.id);
    expect(done.campaign.status).toBe("completed");

    const out = join(dataDir, "review.csv");
    expect(
      (
        await cli(
          "reviews",
          "export",
          "--tenant",
          "acme",
          "--campaign",
          created.id,
          "--format",
          "csv",
          "--out",
          out,
        )
      ).code,
    ).toBe(0);
    const csv = readFileSync(out, "utf8");
    expect(csv).toMatch(/^entry,change,kind,principal/);
    expect(csv).toMatch(
      /eve,files,delete_file,.*revoke,.*no longer needed,revocation:[^,]+,exception/,
    );
    const exported = JSON.parse(
      (await cli("reviews", "export", "--tenant", "acme", "--campaign", created.id)).stdout,
    );
    expect(exported.snapshot.recomputedHash).toBe(started.snapshotHash);
    expect(exported.campaign.definition.controls).toEqual(["SOC2 CC6.3"]);
  }, 400_000);
});
