import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, signInHttp, startApp } from "./fixtures/app";
import { actionId } from "./fixtures/auth-http";

// A real server on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

type Denied = {
  actor: { email?: string };
  outcome: string;
  arguments?: {
    path?: string;
    permission?: string;
    status?: number;
    reason?: string;
    surface?: string;
  };
};

/**
 * Denied dashboard access over HTTP against the real server: each refusal of the guard to a
 * signed-in user lands once (a minute's repeats coalesced) in the stream of the organisation that
 * was asked for, naming who and what, while the answers stay what they were.
 */
describe("denied dashboard access is recorded", () => {
  let app: App;
  const cookie: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp();
    for (const t of ["acme", "globex"]) await app.cli("tenants", "create", t);
    await app.user("acme", "viewer@acme.test", "viewer");
    await app.user("acme", "expired@acme.test", "auditor", "2020-01-01T00:00:00Z");
    await app.user("acme", "owner@acme.test", "owner");
    await app.user("globex", "owner@globex.test", "owner");
    for (const who of [
      "viewer@acme.test",
      "expired@acme.test",
      "owner@acme.test",
      "owner@globex.test",
    ])
      cookie[who] = await signInHttp(app.url, who);
  }, 600_000);
  afterAll(async () => app?.stop());

  const get = async (who: string, path: string) => {
    const res = await fetch(`${app.url}${path}`, {
      headers: { cookie: cookie[who] ?? "" },
      redirect: "manual",
    });
    await res.arrayBuffer();
    return res.status;
  };

  const denials = async (tenant: string): Promise<Denied[]> =>
    (
      await app.cli(
        "events",
        "--tenant",
        tenant,
        "--server",
        "tooltrail-dashboard",
        "--tool",
        "access.denied",
        "--from",
        "1h",
      )
    )
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Denied);

  /** The recording is not awaited by the request: read until `path` shows (a bounded number of reads). */
  async function until(tenant: string, path: string): Promise<Denied[]> {
    for (let i = 0; i < 50; i++) {
      const all = await denials(tenant);
      if (all.some((d) => d.arguments?.path === path)) return all;
    }
    throw new Error(`no access.denied for ${path} in ${tenant}`);
  }

  it("records a role's 403 once per path and minute, with who and what", async () => {
    expect(await get("viewer@acme.test", "/acme/quarantine")).toBe(403);
    expect(await get("viewer@acme.test", "/acme/quarantine")).toBe(403);
    expect(await get("viewer@acme.test", "/acme/export?format=csv")).toBe(403);
    // The second path shows only after the first denial was written (one recorder, in order of
    // arrival is not promised, so wait for both).
    await until("acme", "/acme/export");
    const all = await until("acme", "/acme/quarantine");
    const quarantine = all.filter((d) => d.arguments?.path === "/acme/quarantine");
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]).toMatchObject({
      actor: { email: "viewer@acme.test" },
      outcome: "denied",
      arguments: { permission: "quarantine:read", status: 403, reason: "forbidden" },
    });
  });

  it("records an expired auditor's 403", async () => {
    expect(await get("expired@acme.test", "/acme/events")).toBe(403);
    const all = await until("acme", "/acme/events");
    expect(all.filter((d) => d.arguments?.path === "/acme/events")).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ email: "expired@acme.test" }),
        arguments: expect.objectContaining({ status: 403, reason: "expired" }),
      }),
    ]);
  });

  it("records another organisation's owner in acme's stream; the answer is the made-up id's", async () => {
    expect(await get("owner@globex.test", "/acme/sources")).toBe(404);
    expect(await get("owner@globex.test", "/no-such-org/sources")).toBe(404);
    const all = await until("acme", "/acme/sources");
    expect(all.filter((d) => d.arguments?.path === "/acme/sources")).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ email: "owner@globex.test" }),
        arguments: expect.objectContaining({ status: 404, reason: "not-found" }),
      }),
    ]);
    // Nothing of it in the requester's own organisation, and no organisation made up.
    expect(await denials("globex")).toEqual([]);
    expect(await app.cli("tenants", "list", "--json")).not.toContain("no-such-org");
  });

  it("records a server action without Origin (CSRF) refused by the guard, even an owner's", async () => {
    // A cross-site Origin is refused by Next.js itself before any action runs; without an Origin
    // header (and no Sec-Fetch-Site: same-origin) the request reaches the guard's own check.
    const body = new FormData();
    body.set("_1_config", "{}");
    body.set("0", JSON.stringify(["acme", { ok: true, message: null }, "$K1"]));
    const res = await fetch(`${app.url}/acme/settings`, {
      method: "POST",
      headers: {
        cookie: cookie["owner@acme.test"] ?? "",
        "next-action": actionId("app/(dashboard)/[tenant]/settings/actions.ts#saveRedactionAction"),
        accept: "text/x-component",
      },
      body,
      redirect: "manual",
    });
    expect(await res.text()).not.toMatch(/not valid JSON/);
    const all = await until("acme", "/acme/settings");
    expect(all.filter((d) => d.arguments?.path === "/acme/settings")).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ email: "owner@acme.test" }),
        arguments: expect.objectContaining({
          permission: "settings:manage",
          surface: "action",
          status: 403,
          reason: "forbidden",
        }),
      }),
    ]);
  });
});
