import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLE_PERMISSIONS } from "../lib/auth/permissions";
import { ACTIONS, ROUTES } from "./authz-matrix";
import { type App, PASSWORD, signInHttp, startApp } from "./fixtures/app";
import {
  getPage,
  inviteToken,
  memberEmails,
  callAction as postAction,
  signOutHttp,
} from "./fixtures/auth-http";

// A real server and browser on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

const APP = join(process.cwd(), "app");

/** Route patterns of every page.tsx and route.ts under app/ (groups and private folders removed). */
function routePatterns(dir = APP): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      if (!e.startsWith("_")) out.push(...routePatterns(p));
    } else if (/^(page\.tsx|route\.ts)$/.test(e)) {
      const segs = relative(APP, dir)
        .split("/")
        .filter((s) => s && !/^\(.*\)$/.test(s));
      out.push(`/${segs.join("/")}`);
    }
  }
  return out;
}

/** `file#export` of every server action: every exported function of a "use server" file. */
function serverActions(dir = APP): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...serverActions(p));
    else if (/\.tsx?$/.test(e)) {
      const src = readFileSync(p, "utf8");
      if (!/^\s*["']use server["']/.test(src)) continue;
      for (const m of src.matchAll(/export\s+async\s+function\s+(\w+)/g))
        out.push(`${relative(process.cwd(), p)}#${m[1]}`);
    }
  }
  return out;
}

const ROLES = [
  "owner",
  "admin",
  "compliance_officer",
  "security_analyst",
  "auditor",
  "viewer",
] as const;
type Who = (typeof ROLES)[number] | "expired" | "other-tenant" | "anonymous";
const EVERYONE: Who[] = [...ROLES, "expired", "other-tenant", "anonymous"];

describe("authorization matrix: every page, route handler and server action has an entry", () => {
  it("lists exactly the routes that exist", () => {
    expect(routePatterns().sort()).toEqual(Object.keys(ROUTES).sort());
  });
  it("lists exactly the server actions that exist", () => {
    expect(serverActions().sort()).toEqual(Object.keys(ACTIONS).sort());
  });
});

describe("authorization matrix over HTTP, for every role and a user of another tenant", () => {
  let app: App;
  const cookies = new Map<Who, string>();
  let eventId = "";

  beforeAll(async () => {
    app = await startApp();
    await app.cli(
      "demo",
      "--url",
      app.url,
      "--days",
      "1",
      "--events-per-day",
      "200",
      "--tenants",
      "acme,globex",
    );
    for (const r of ROLES)
      await app.user(
        "acme",
        `${r}@acme.test`,
        r,
        r === "auditor" ? "2099-01-01T00:00:00Z" : undefined,
      );
    await app.user("acme", "expired@acme.test", "auditor", "2020-01-01T00:00:00Z");
    await app.user("globex", "owner@globex.test", "owner");
    for (const r of ROLES) cookies.set(r, await signInHttp(app.url, `${r}@acme.test`));
    cookies.set("expired", await signInHttp(app.url, "expired@acme.test"));
    cookies.set("other-tenant", await signInHttp(app.url, "owner@globex.test"));
    cookies.set("anonymous", "");
    eventId = (
      JSON.parse((await app.cli("events", "--tenant", "acme", "--limit", "1")).trim()) as {
        id: string;
      }
    ).id;
  }, 600_000);
  afterAll(async () => app?.stop());

  function expectedPage(req: (typeof ROUTES)[string], who: Who, isRoute: boolean): number {
    if (!("permission" in req)) return -1;
    if (who === "anonymous") return isRoute ? 401 : 307;
    if (who === "other-tenant") return 404;
    if (who === "expired") return 403;
    if (!ROLE_PERMISSIONS[who].has(req.permission)) return 403;
    return req.absent ? 404 : 200;
  }

  it("answers every page and route handler as the role map says", async () => {
    const table: string[] = [];
    for (const [pattern, req] of Object.entries(ROUTES)) {
      const isRoute = pattern.endsWith("/export") || pattern.startsWith("/api/");
      for (const who of EVERYONE) {
        const res = await fetch(
          `${app.url}${req.path.replace("EVENT_ID", encodeURIComponent(eventId))}`,
          {
            headers: { cookie: cookies.get(who) ?? "" },
            redirect: "manual",
          },
        );
        await res.arrayBuffer();
        const status = res.status;
        const location = res.headers.get("location") ?? "";
        if ("permission" in req) {
          const want = expectedPage(req, who, isRoute);
          table.push(`${pattern} ${who} ${status}${status === want ? "" : ` (expected ${want})`}`);
          if (want === 307) expect(location).toContain("/sign-in");
        } else if ("signedIn" in req) {
          const ok =
            who === "anonymous"
              ? status === 307 && location.includes("/sign-in")
              : status === 200 || (status === 307 && !location.includes("/sign-in"));
          table.push(`${pattern} ${who} ${status}${ok ? "" : " (unexpected)"}`);
        } else {
          const ok =
            status === 200 || (status === 307 && pattern === "/sign-in" && who !== "anonymous");
          table.push(`${pattern} ${who} ${status}${ok ? "" : " (unexpected)"}`);
        }
      }
    }
    expect(table.filter((l) => l.includes("expected"))).toEqual([]);
  }, 300_000);

  async function callAction(
    key: string,
    who: Who,
    origin = app.url,
  ): Promise<{ status: number; text: string }> {
    const manifest = JSON.parse(
      readFileSync(
        join(process.cwd(), ".next", "server", "server-reference-manifest.json"),
        "utf8",
      ),
    ) as {
      node: Record<string, { filename: string; exportedName: string }>;
    };
    const [file, name] = key.split("#");
    const id = Object.entries(manifest.node).find(
      ([, v]) => v.filename === file && v.exportedName === name,
    )?.[0];
    if (!id) throw new Error(`server action ${key} is not in the build's manifest`);
    const a = ACTIONS[key];
    if (!a) throw new Error(`no matrix entry for ${key}`);
    const state = { ok: true, message: null };
    const args =
      a.args === "tenant"
        ? ["acme", state, "$K1"]
        : a.args === "tenant+id"
          ? ["acme", "00000000-0000-4000-8000-000000000000", state, "$K1"]
          : [state, "$K1"];
    // React's reply encoding: the FormData's entries as _1_<name>, then the argument list as
    // field 0, last, since the server resolves it as soon as it arrives.
    const body = new FormData();
    for (const [k, v] of Object.entries(a.fields)) body.set(`_1_${k}`, v);
    body.set("0", JSON.stringify(args));
    const res = await fetch(`${app.url}${a.page}`, {
      method: "POST",
      headers: {
        cookie: cookies.get(who) ?? "",
        "next-action": id,
        origin,
        accept: "text/x-component",
      },
      body,
      redirect: "manual",
    });
    return { status: res.status, text: await res.text() };
  }

  it("lets every server action past the guard exactly for the roles the map allows", async () => {
    const table: string[] = [];
    for (const [key, a] of Object.entries(ACTIONS)) {
      for (const who of EVERYONE) {
        const { text } = await callAction(key, who);
        const passed = a.passed.test(text);
        let want: boolean;
        let refusal = /./;
        if ("permission" in a) {
          want =
            who !== "anonymous" &&
            who !== "other-tenant" &&
            who !== "expired" &&
            ROLE_PERMISSIONS[who].has(a.permission);
          refusal =
            who === "anonymous"
              ? /sign in to continue/
              : who === "other-tenant"
                ? /no such organisation/
                : who === "expired"
                  ? /ended on 2020/
                  : /may not do this/;
        } else want = true;
        const refused = !want && refusal.test(text) && !passed;
        const ok = want ? passed : refused;
        if (!ok && process.env.MATRIX_DEBUG) console.log(key, who, text.slice(0, 3000));
        table.push(`${key} ${who} ${ok ? "ok" : `UNEXPECTED ${text.slice(-200)}`}`);
      }
    }
    expect(table.filter((l) => l.includes("UNEXPECTED"))).toEqual([]);
  }, 300_000);

  it("refuses a server action posted from another site (CSRF)", async () => {
    const { text } = await callAction(
      "app/(dashboard)/[tenant]/settings/actions.ts#saveRedactionAction",
      "owner",
      "https://evil.example",
    );
    expect(text).not.toMatch(/rule 1: pattern is not a valid regular expression/);
  });
});

const INVITE = "app/(dashboard)/[tenant]/settings/actions.ts#inviteMemberAction";
const REMOVE = "app/(dashboard)/[tenant]/settings/actions.ts#removeMemberAction";
const ACCEPT = "app/invite/actions.ts#acceptInviteAction";
const JOIN = "app/invite/actions.ts#joinInviteAction";
const ATTACKER_PASSWORD = "attacker chose this password";

/**
 * The external probe, end to end: globex's owner invites people who have (or are about to have) an
 * account in acme, holds the links, and tries to set their passwords, join for them and reach acme.
 */
describe("invitations across organisations and server-side sessions, over HTTP", () => {
  let app: App;
  let attacker = "";
  let acmeOwner = "";

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme", "--name", "Acme Corp");
    await app.cli("tenants", "create", "globex", "--name", "Globex");
    await app.user("acme", "owner@acme.test", "owner");
    await app.user("globex", "owner@globex.test", "owner");
    // Accounts without a password, as `tooltrail users create` makes them (or SSO would).
    for (const [email, role] of [
      ["sso-owner@acme.test", "owner"],
      ["cli-only@acme.test", "viewer"],
    ] as const)
      await app.cli("users", "create", "--tenant", "acme", "--email", email, "--role", role);
    attacker = await signInHttp(app.url, "owner@globex.test");
    acmeOwner = await signInHttp(app.url, "owner@acme.test");
  }, 600_000);
  afterAll(async () => app?.stop());

  const invite = async (cookie: string, tenant: string, email: string, role = "viewer") =>
    (
      await postAction(app.url, {
        key: INVITE,
        page: `/${tenant}/settings`,
        cookie,
        bound: [tenant],
        fields: { email, role },
      })
    ).text;
  const accept = async (token: string, password: string) =>
    (
      await postAction(app.url, {
        key: ACCEPT,
        page: "/invite",
        cookie: "",
        fields: { token, password },
      })
    ).text;
  const join = async (token: string, cookie: string) =>
    (await postAction(app.url, { key: JOIN, page: "/invite", cookie, fields: { token } })).text;
  const members = async (tenant: string, cookie: string) =>
    memberEmails((await getPage(app.url, `/${tenant}/settings`, cookie)).html);
  const signedOut = async (cookie: string) => {
    const r = await getPage(app.url, "/", cookie);
    return r.status === 307 && r.location.includes("/sign-in");
  };
  const canSignIn = (email: string, password: string) =>
    signInHttp(app.url, email, password).then(
      () => true,
      () => false,
    );

  it("answers the inviter identically for an unknown email and for accounts elsewhere", async () => {
    // The action's own result row; the rest of the response re-renders the page (nonces, rows).
    const answer = async (email: string) =>
      (/^[0-9a-f]+:(\{"ok":.*)$/m.exec(await invite(attacker, "globex", email))?.[1] ?? "")
        .replaceAll(email, "EMAIL")
        .replace(/token=[A-Za-z0-9_-]+/, "token=T");
    const unknown = await answer("nobody@nowhere.test");
    expect(unknown).toContain("token=T");
    for (const email of ["owner@acme.test", "sso-owner@acme.test", "cli-only@acme.test"])
      expect([email, await answer(email)]).toEqual([email, unknown]);
  });

  for (const victim of ["sso-owner@acme.test", "cli-only@acme.test"])
    it(`sets no password for ${victim} through globex's link; they join only by accepting signed in`, async () => {
      const token = inviteToken(await invite(attacker, "globex", victim));
      const page = await getPage(app.url, `/invite?token=${token}`, "");
      expect(page.status).toBe(200);
      expect(page.html).not.toContain('type="password"');
      expect(page.html).toContain("Sign in as");
      expect(await accept(token, ATTACKER_PASSWORD)).toMatch(/has an account: sign in as/);
      expect(await canSignIn(victim, ATTACKER_PASSWORD)).toBe(false);
      expect(await join(token, attacker)).toMatch(/signed in as owner@globex.test/);
      expect(await members("globex", attacker)).not.toContain(victim);
      expect((await getPage(app.url, "/acme", attacker)).status).toBe(404);

      // The account holder gets a password from the operator, signs in twice and accepts in one.
      await app.cli("users", "password", "--email", victim, "--password", PASSWORD);
      const other = await signInHttp(app.url, victim);
      const mine = await signInHttp(app.url, victim);
      expect((await getPage(app.url, `/invite?token=${token}`, mine)).html).toContain("Accept");
      expect(await join(token, mine)).toMatch(/You joined Globex/);
      expect(await members("globex", attacker)).toContain(victim);
      expect(await signedOut(other)).toBe(true);
      expect(await signedOut(mine)).toBe(false);
      expect((await getPage(app.url, "/acme", attacker)).status).toBe(404);
    });

  it("gives a pending acme invitee's email no acme access through globex's link", async () => {
    const real = inviteToken(
      await invite(acmeOwner, "acme", "pending@acme.test", "compliance_officer"),
    );
    const evil = inviteToken(await invite(attacker, "globex", "pending@acme.test"));
    // Nobody had this email yet: globex's link creates an account, in globex only.
    await accept(evil, ATTACKER_PASSWORD);
    const squatter = await signInHttp(app.url, "pending@acme.test", ATTACKER_PASSWORD);
    expect((await getPage(app.url, "/acme", squatter)).status).toBe(404);
    expect(await members("acme", acmeOwner)).not.toContain("pending@acme.test");
    // acme's own link sets no password on the account that now exists.
    expect(await accept(real, "the real person's password")).toMatch(/has an account/);
    expect(await canSignIn("pending@acme.test", "the real person's password")).toBe(false);
    // The recourse: the operator sets the password, which ends the squatter's sessions.
    await app.cli("users", "password", "--email", "pending@acme.test", "--password", PASSWORD);
    expect(await signedOut(squatter)).toBe(true);
    expect(await canSignIn("pending@acme.test", ATTACKER_PASSWORD)).toBe(false);
    const person = await signInHttp(app.url, "pending@acme.test");
    expect(await join(real, person)).toMatch(/You joined Acme Corp/);
    expect(await members("acme", acmeOwner)).toContain("pending@acme.test");
  });

  it("ends the session at sign-out: the old cookie is signed out", async () => {
    const cookie = await signInHttp(app.url, "owner@acme.test");
    expect((await getPage(app.url, "/acme/settings", cookie)).status).toBe(200);
    // The session id stays inside the encrypted cookie: the session endpoint does not echo it.
    const echoed = JSON.parse((await getPage(app.url, "/api/auth/session", cookie)).html);
    expect(echoed.user).toMatchObject({ email: "owner@acme.test", auth: "session" });
    expect(Object.keys(echoed.user).sort()).toEqual(["auth", "email", "id", "name"]);
    await signOutHttp(app.url, cookie);
    const page = await getPage(app.url, "/acme/settings", cookie);
    expect([page.status, page.location]).toEqual([307, expect.stringContaining("/sign-in")]);
    expect((await getPage(app.url, "/acme/export?format=csv&range=1h", cookie)).status).toBe(401);
    expect(await signedOut(cookie)).toBe(true);
  });

  it("ends every session of an account whose password is set, and of a removed member", async () => {
    const email = "analyst@acme.test";
    await app.user("acme", email, "security_analyst");
    const first = await signInHttp(app.url, email);
    expect(await signedOut(first)).toBe(false);
    await app.cli(
      "users",
      "create",
      "--tenant",
      "acme",
      "--email",
      email,
      "--role",
      "security_analyst",
      "--password",
      `${PASSWORD}!`,
    );
    expect(await signedOut(first)).toBe(true);

    const second = await signInHttp(app.url, email, `${PASSWORD}!`);
    const signIn = (await app.cli("events", "--tenant", "acme", "--limit", "1000"))
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            tool: string;
            actor: { email: string };
            labels: Record<string, string>;
          },
      )
      .find((e) => e.tool === "auth.sign_in" && e.actor.email === email);
    const userId = signIn?.labels.user_id ?? "";
    expect(userId).not.toBe("");
    const removed = await postAction(app.url, {
      key: REMOVE,
      page: "/acme/settings",
      cookie: acmeOwner,
      bound: ["acme", userId],
      fields: {},
    });
    expect(removed.text).toMatch(/Removed analyst@acme.test/);
    expect(await signedOut(second)).toBe(true);
  });
});
