/**
 * What the sign-in page may say about a failed sign-in. The `error` query parameter is chosen by
 * whoever wrote the link, so it only selects one of these messages by code; it never supplies
 * words. Shared by the page (server) and the form (browser), which gets the same codes back from
 * next-auth.
 */
const MESSAGES: Readonly<Record<string, string>> = {
  // next-auth's own codes.
  OAuthSignin: "The identity provider could not be reached. Try again or use your password.",
  OAuthCallback: "The identity provider's answer could not be verified. Try again.",
  OAuthCreateAccount: "Your account could not be created. Try again.",
  OAuthAccountNotLinked: "Sign in the way you signed in before.",
  Callback: "Sign-in failed. Try again.",
  AccessDenied: "Access denied.",
  Verification: "This sign-in link is no longer valid. Sign in again.",
  Configuration: "Sign-in is not configured correctly. Tell your administrator.",
  SessionRequired: "Sign in to continue.",
  CredentialsSignin: "Wrong email or password.",
  // Ours: why SSO provisioning refused someone the IdP did authenticate.
  SsoNoEmail: "Your identity provider sent no email address.",
  SsoEmailUnverified: "Your identity provider has not verified your email address.",
  SsoDisabled: "This account is disabled.",
  SsoNoGroups: "Your SSO account is in none of the groups that give access to Tooltrail.",
};

export type SsoRefusal =
  | "SsoNoEmail"
  | "SsoEmailUnverified"
  | "SsoDisabled"
  | "SsoNoGroups"
  | "OAuthCreateAccount";

export const GENERIC_SIGN_IN_ERROR = "Sign-in failed. Try again.";

/** The longest lock LOGIN_LOCKOUT_MINUTES allows (a day); a later time is not one we set. */
const MAX_LOCK_MS = 24 * 60 * 60_000;

/** The code for "locked until `until`" (epoch milliseconds). */
export function lockedCode(until: number): string {
  return `Locked:${Math.ceil(until)}`;
}

/**
 * The message for a code, or null when there is none. A lockout carries its end as a number,
 * shown only when it is a time this server could have set (within a day from now).
 */
export function signInErrorMessage(
  code: string | null | undefined,
  now: number = Date.now(),
): string | null {
  if (!code) return null;
  if (code === "Locked" || code.startsWith("Locked:")) {
    const digits = /^Locked:(\d{1,16})$/.exec(code)?.[1];
    const until = digits ? Number(digits) : Number.NaN;
    if (until > now && until <= now + MAX_LOCK_MS)
      return `Too many failed sign-ins. Try again at ${new Date(until).toISOString().slice(11, 16)} UTC.`;
    return "Too many failed sign-ins. Try again later.";
  }
  return Object.hasOwn(MESSAGES, code) ? (MESSAGES[code] ?? null) : GENERIC_SIGN_IN_ERROR;
}
