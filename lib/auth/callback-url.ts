/**
 * Characters a callbackUrl never needs and browsers treat specially: controls (browsers drop tab,
 * CR and LF, so "/\t/evil.test" becomes "//evil.test"), spaces of every kind, line and paragraph
 * separators, the BOM, and backslashes (read as "/" in http URLs).
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\\]/;

const MAX_LENGTH = 2048;

/**
 * Where to send someone after sign-in (or when already signed in): a page of our own origin, as an
 * absolute URL, or the home page. The URL parser resolves the value against our origin, exactly as
 * a browser would, and only a result with the same origin and no credentials is kept; its path
 * gets one leading slash ("/.//evil.test" resolves to the path "//evil.test"). The result is
 * ASCII (the parser percent-encodes the rest), so it is always a valid Location header.
 */
export function safeCallbackUrl(raw: unknown, baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  const home = `${origin}/`;
  if (typeof raw !== "string" || raw === "" || raw.length > MAX_LENGTH || UNSAFE.test(raw))
    return home;
  let url: URL;
  try {
    url = new URL(raw, home);
  } catch {
    return home;
  }
  if (url.origin !== origin || url.username || url.password) return home;
  return `${origin}${url.pathname.replace(/^\/+/, "/")}${url.search}${url.hash}`;
}
