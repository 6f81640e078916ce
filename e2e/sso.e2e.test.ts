import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { freePort } from "../test/fixtures/ports";
import { type App, PASSWORD, signInHttp, startApp } from "./fixtures/app";
import { callAction, getPage, inviteToken } from "./fixtures/auth-http";
import {
  type Chromium,
  describeBrowser,
  launchChromium,
  screenshot,
  signInBrowser,
} from "./fixtures/browser";
import { type Idp, startIdp } from "./fixtures/oidc-provider";

// A real server and browser on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/**
 * Enterprise SSO end to end: Tooltrail configured by environment variables against a real OpenID
 * provider on loopback; the IdP's group claim decides the role in each tenant.
 */
describeBrowser("SSO over OpenID Connect", () => {
  let app: App;
  let idp: Idp;
  let chrome: Chromium;

  beforeAll(async () => {
    const [appPort, idpPort] = [await freePort(), await freePort()];
    const clientSecret = "e2e-client-secret-0123456789abcdef";
    idp = await startIdp({
      port: idpPort,
      clientId: "tooltrail",
      clientSecret,
      redirectUri: `http://127.0.0.1:${appPort}/api/auth/callback/oidc`,
      groups: {
        alice: ["tt-security", "staff"],
        carol: ["tt-auditors"],
        dave: ["tt-security"],
        mallory: ["staff"],
      },
    });
    app = await startApp({
      PORT: String(appPort),
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: "tooltrail",
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_NAME: "Corp SSO",
      OIDC_SCOPES: "openid email profile groups",
      OIDC_ROLE_MAP: "tt-security=acme:security_analyst,tt-auditors=acme:auditor",
    });
    await app.cli("tenants", "create", "acme", "--name", "Acme Corp");
    await app.user("acme", "owner@acme.test", "owner");
    await app.cli("tenants", "create", "globex", "--name", "Globex");
    await app.user("globex", "owner@globex.test", "owner");
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
    await idp?.stop();
  });

  async function ssoSignIn(login: string): Promise<Page> {
    const page = await chrome.freshPage();
    await page.goto(`${app.url}/sign-in`);
    await page.click("text=Continue with Corp SSO");
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.fill("input[name=login]", login);
    await page.fill("input[name=password]", "anything");
    await page.click("button[type=submit]");
    // Consent, then back to Tooltrail.
    await page.waitForSelector("button[type=submit]");
    if (new URL(page.url()).origin === idp.issuer) await page.click("button[type=submit]");
    await page.waitForURL((u) => u.origin === app.url && !u.pathname.startsWith("/api/"), {
      timeout: 20_000,
    });
    return page;
  }

  it("signs in through the IdP and maps the group claim to a role", async () => {
    const page = await ssoSignIn("alice");
    await page.waitForURL(`${app.url}/acme`);
    expect(await page.textContent(".sidebar")).toContain("Security analyst");
    expect(await page.textContent(".sidebar")).toContain("alice@corp.test");
    // A security analyst reads events.
    expect((await page.goto(`${app.url}/acme/events`))?.status()).toBe(200);
    await screenshot(page, "20-sso-analyst");
  });

  it("gives an SSO auditor an access end date", async () => {
    const page = await ssoSignIn("carol");
    await page.waitForURL(`${app.url}/acme`);
    expect(await page.textContent(".sidebar")).toContain("Auditor");
    // The owner sees the SSO users with their roles; the auditor's access ends in 30 days.
    const owner = await chrome.freshPage();
    await signInBrowser(owner, app.url, "owner@acme.test", PASSWORD);
    await owner.goto(`${app.url}/acme/settings`);
    const row = owner.locator("section[aria-label=Members] tr", { hasText: "carol@corp.test" });
    const ends = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(await row.textContent()).toContain(ends);
    expect(await owner.textContent("section[aria-label=Members]")).toContain("alice@corp.test");
    await screenshot(owner, "22-sso-members");
  });

  it("refuses someone in none of the mapped groups, saying why", async () => {
    const page = await ssoSignIn("mallory");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.textContent("[data-testid=sign-in-error]")).toContain("none of the groups");
    await screenshot(page, "21-sso-refused");
  });

  const ATTACKER_PASSWORD = "attacker chose this password";
  const invite = async (cookie: string, email: string) =>
    inviteToken(
      (
        await callAction(app.url, {
          key: "app/(dashboard)/[tenant]/settings/actions.ts#inviteMemberAction",
          page: "/globex/settings",
          cookie,
          bound: ["globex"],
          fields: { email, role: "viewer" },
        })
      ).text,
    );
  const setPassword = async (token: string, password: string) =>
    (
      await callAction(app.url, {
        key: "app/invite/actions.ts#acceptInviteAction",
        page: "/invite",
        cookie: "",
        fields: { token, password },
      })
    ).text;
  const canSignIn = (email: string, password: string) =>
    signInHttp(app.url, email, password).then(
      () => true,
      () => false,
    );

  it("sets no password for an SSO user through another organisation's link", async () => {
    await ssoSignIn("alice");
    const attacker = await signInHttp(app.url, "owner@globex.test");
    const token = await invite(attacker, "alice@corp.test");
    expect((await getPage(app.url, `/invite?token=${token}`, "")).html).not.toContain(
      'type="password"',
    );
    expect(await setPassword(token, ATTACKER_PASSWORD)).toMatch(/has an account: sign in as/);
    expect(await canSignIn("alice@corp.test", ATTACKER_PASSWORD)).toBe(false);
    // Alice, signed in by SSO, accepts in her browser.
    const page = await ssoSignIn("alice");
    await page.goto(`${app.url}/invite?token=${token}`);
    await screenshot(page, "23-invite-accept-signed-in");
    await page.click("button:has-text('Accept')");
    await page.waitForSelector("text=You joined Globex");
    expect((await page.goto(`${app.url}/globex`))?.status()).toBe(200);
  });

  it("clears a password set through an invitation at the email's first SSO sign-in", async () => {
    // globex's owner invites dave@corp.test, who has no account yet, and uses the link himself.
    const attacker = await signInHttp(app.url, "owner@globex.test");
    const token = await invite(attacker, "dave@corp.test");
    await setPassword(token, ATTACKER_PASSWORD);
    const squatter = await signInHttp(app.url, "dave@corp.test", ATTACKER_PASSWORD);
    // The real dave signs in through the IdP, which proves the email and maps him into acme.
    const page = await ssoSignIn("dave");
    const acme = await getPage(app.url, "/acme", squatter);
    expect([acme.status, acme.location]).toEqual([307, expect.stringContaining("/sign-in")]);
    expect(await canSignIn("dave@corp.test", ATTACKER_PASSWORD)).toBe(false);
    // What the link holder accepted in his name is undone; what the IdP grants stays.
    expect((await page.goto(`${app.url}/globex`))?.status()).toBe(404);
    expect((await page.goto(`${app.url}/acme`))?.status()).toBe(200);
    const events = await app.cli("events", "--tenant", "acme", "--limit", "1000");
    expect(events).toContain("auth.password_cleared");
  });
});
