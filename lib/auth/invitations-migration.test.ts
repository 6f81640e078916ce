import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../db/migrations-path";
import * as schema from "../../db/schema";
import type { Db } from "../../db/store/sql/database";
import { SqlStore } from "../../db/store/sql/sql-store";
import {
  acceptInvitation,
  findInvitation,
  invitationTokenHash,
} from "../services/members/invitation-rules";
import { inviteInput, inviteMember } from "../services/members/member-rules";
import { signInWithPassword } from "./credentials";
import { LoginLimiter } from "./login-limiter";

/** The migrations up to `last` (by journal index), as drizzle's migrator reads them. */
function migrationsUpTo(last: number): string {
  const dir = mkdtempSync(join(tmpdir(), "tooltrail-migrations-"));
  mkdirSync(join(dir, "meta"));
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
  );
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= last);
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries as { tag: string }[])
    copyFileSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  return dir;
}

/**
 * Migration 0008 on data the old invitation flow left: it added the membership when inviting and
 * let an unused link set the password of any password-less account.
 */
describe("migration 0008: invitations become pending memberships", () => {
  let client: PGlite;
  let store: SqlStore;
  let old = "";
  const q = async <T>(sql: string, params: unknown[] = []) =>
    (await client.query<T>(sql, params)).rows;

  beforeAll(async () => {
    client = await PGlite.create();
    const db = drizzle({ client, schema }) as unknown as Db;
    old = migrationsUpTo(7);
    await migrate(db as never, { migrationsFolder: old });
    await client.exec(`
      INSERT INTO tenants (id, name) VALUES ('acme', 'Acme'), ('globex', 'Globex');
      INSERT INTO users (id, email, password_hash) VALUES
        ('00000000-0000-4000-8000-000000000001', 'owner@acme.test', 'scrypt$op'),
        ('00000000-0000-4000-8000-000000000002', 'pending@acme.test', NULL),
        ('00000000-0000-4000-8000-000000000003', 'linked@acme.test', 'scrypt$link'),
        ('00000000-0000-4000-8000-000000000004', 'sso@acme.test', NULL);
      INSERT INTO memberships (user_id, tenant_id, role) VALUES
        ('00000000-0000-4000-8000-000000000001', 'acme', 'owner'),
        ('00000000-0000-4000-8000-000000000002', 'acme', 'compliance_officer'),
        ('00000000-0000-4000-8000-000000000003', 'acme', 'viewer'),
        ('00000000-0000-4000-8000-000000000004', 'acme', 'security_analyst');
      INSERT INTO invitations (token_hash, user_id, tenant_id, created_at, expires_at, used_at) VALUES
        ('${invitationTokenHash("old-pending")}', '00000000-0000-4000-8000-000000000002', 'acme',
          now() - interval '2 days', now() + interval '5 days', NULL),
        ('${invitationTokenHash("old-pending-earlier")}', '00000000-0000-4000-8000-000000000002',
          'acme', now() - interval '3 days', now() + interval '4 days', NULL),
        ('${invitationTokenHash("old-used")}', '00000000-0000-4000-8000-000000000003', 'acme',
          now() - interval '9 days', now() - interval '2 days', now() - interval '8 days');
    `);
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    store = new SqlStore("pglite", db, { migrate: async () => {}, close: () => client.close() });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(old, { recursive: true, force: true });
  });

  it("removes memberships nobody accepted and expires the old flow's unused links", async () => {
    expect(
      await q<{ email: string; tenant_id: string }>(
        "SELECT u.email, m.tenant_id FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY 1",
      ),
    ).toEqual([
      { email: "linked@acme.test", tenant_id: "acme" },
      { email: "owner@acme.test", tenant_id: "acme" },
      { email: "sso@acme.test", tenant_id: "acme" },
    ]);
    expect(await findInvitation(store, "old-pending")).toBeNull();
    expect(await findInvitation(store, "old-pending-earlier")).toBeNull();
    expect(await q("SELECT email, role, user_id FROM invitations ORDER BY created_at")).toEqual([
      {
        email: "linked@acme.test",
        role: "viewer",
        user_id: "00000000-0000-4000-8000-000000000003",
      },
      { email: "pending@acme.test", role: "compliance_officer", user_id: null },
    ]);
  });

  it("marks passwords set through a link, so the first SSO sign-in clears them", async () => {
    expect(await q("SELECT email, password_set_via FROM users ORDER BY email")).toEqual([
      { email: "linked@acme.test", password_set_via: "invitation" },
      { email: "owner@acme.test", password_set_via: "operator" },
      { email: "pending@acme.test", password_set_via: null },
      { email: "sso@acme.test", password_set_via: null },
    ]);
  });

  it("sets no password on the old flow's pending invitee through a new link", async () => {
    const ownerId = "00000000-0000-4000-8000-000000000001";
    const link = await inviteMember(
      { store, tenant: store.forTenant("acme"), actorUserId: ownerId },
      inviteInput.parse({ email: "pending@acme.test", role: "viewer" }),
    );
    await expect(
      acceptInvitation(store, { token: link.token, password: "someone's password" }),
    ).rejects.toThrow(/has an account/);
    const signIn = await signInWithPassword(store, new LoginLimiter(), {
      email: "pending@acme.test",
      password: "someone's password",
      address: "203.0.113.1",
    });
    expect(signIn.ok).toBe(false);
  });
});
