import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTooltrail } from "../test/fixtures/tooltrail-process";

type Audit = {
  tool: string;
  actor: { id: string; type: string };
  arguments?: { details?: unknown };
};

/**
 * What the operator does at the CLI to an organisation's access and retention is evidence in that
 * organisation, like the same act in the dashboard. Before, `tenants create|update` and
 * `users create|password` left no trace in the tenant.
 */
describe("operator commands are audited in the tenant they change", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-operator-audit-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runTooltrail(args, { DATA_DIR: dataDir });
  const audits = async (tenant: string): Promise<Audit[]> => {
    const out = await cli("events", "--tenant", tenant);
    expect(out.stderr).toBe("");
    return out.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Audit);
  };

  it("records tenant.created, member.added, member.role_changed, user.password_set and tenant.updated", async () => {
    for (const args of [
      ["tenants", "create", "acme"],
      ["tenants", "create", "globex"],
      ["users", "create", "--tenant", "acme", "--email", "ann@corp.test", "--role", "viewer"],
      ["users", "create", "--tenant", "globex", "--email", "ann@corp.test", "--role", "owner"],
      ["users", "create", "--tenant", "acme", "--email", "ann@corp.test", "--role", "admin"],
      ["users", "password", "--email", "ann@corp.test", "--password", "a long password 1"],
      ["tenants", "update", "acme", "--retention-days", "90", "--legal-hold", "on"],
    ]) {
      const run = await cli(...args);
      expect([args.join(" "), run.code, run.stderr]).toEqual([args.join(" "), 0, ""]);
    }
    const acme = await audits("acme");
    expect(acme.map((e) => e.tool)).toEqual([
      "tenant.created",
      "member.added",
      "member.role_changed",
      "user.password_set",
      "tenant.updated",
    ]);
    // The operator as the machine knows them (operator:<OS user>@<host>).
    expect(acme.every((e) => e.actor.id.startsWith("operator:"))).toBe(true);
    const details = (tool: string) => acme.find((e) => e.tool === tool)?.arguments;
    // (The email in the details is redacted like any email in event arguments.)
    expect(details("member.role_changed")).toMatchObject({
      from: { role: "viewer" },
      to: { role: "admin" },
    });
    expect(details("tenant.updated")).toEqual({
      from: { retention_days: null, legal_hold: false },
      to: { retention_days: 90, legal_hold: true },
    });
    // globex sees its own grant and the password change of its member, nothing of acme's.
    expect((await audits("globex")).map((e) => e.tool)).toEqual([
      "tenant.created",
      "member.added",
      "user.password_set",
    ]);
  }, 300_000);
});
