import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";
import { lockedCode, signInErrorMessage } from "./sign-in-errors";

const BASE = "http://127.0.0.1:3000";

describe("callbackUrl", () => {
  it("keeps pages of our own origin, as absolute ASCII URLs with one leading slash", () => {
    expect(safeCallbackUrl("/acme/events?range=7d#top", BASE)).toBe(
      `${BASE}/acme/events?range=7d#top`,
    );
    expect(safeCallbackUrl(`${BASE}/acme`, BASE)).toBe(`${BASE}/acme`);
    expect(safeCallbackUrl("/.//evil.test", BASE)).toBe(`${BASE}/evil.test`);
    expect(safeCallbackUrl("/é?q=ü", BASE)).toBe(`${BASE}/%C3%A9?q=%C3%BC`);
    expect(safeCallbackUrl("http:evil.test", BASE)).toBe(`${BASE}/evil.test`);
  });

  it("sends everything else home", () => {
    for (const raw of [
      "/\t/evil.test",
      "/\r\n/evil.test",
      "/\u2028//evil.test",
      "/\u0000",
      "//evil.test",
      "/\\evil.test",
      "\\\\evil.test",
      " //evil.test",
      "https://evil.test/",
      "javascript:alert(1)",
      "//evil.test@127.0.0.1:3000/",
      "http://user:pw@127.0.0.1:3000/",
      "http://127.0.0.1:3001/",
      "",
      "/".repeat(3000),
      undefined,
      ["/acme"],
    ])
      expect([raw, safeCallbackUrl(raw, BASE)]).toEqual([raw, `${BASE}/`]);
  });
});

describe("sign-in messages", () => {
  const now = Date.UTC(2026, 5, 1, 12, 0);

  it("come from codes only; unknown codes get a generic message", () => {
    expect(signInErrorMessage(null)).toBeNull();
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong email or password.");
    expect(signInErrorMessage("SsoNoGroups")).toMatch(/none of the groups/);
    for (const code of ["Call +1 555 0100", "__proto__", "constructor", "toString", "<b>x</b>"])
      expect(signInErrorMessage(code)).toBe("Sign-in failed. Try again.");
  });

  it("show a lock's end only when it is a time this server could have set", () => {
    expect(signInErrorMessage(lockedCode(now + 15 * 60_000), now)).toBe(
      "Too many failed sign-ins. Try again at 12:15 UTC.",
    );
    for (const code of [
      "Locked",
      "Locked:",
      `Locked:${now - 1}`,
      `Locked:${now + 2 * 86_400_000}`,
      "Locked:1e15",
      "Locked:12:00 - call us",
      `Locked:${"9".repeat(40)}`,
    ])
      expect(signInErrorMessage(code, now)).toBe("Too many failed sign-ins. Try again later.");
  });
});
