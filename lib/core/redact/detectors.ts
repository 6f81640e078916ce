import { ibanValid, knownCardPrefix, luhnValid } from "./checksums";

/**
 * A detector finds one kind of secret or personal data in free text. `pre` is a cheap test run
 * first so that most strings (paths, ids, prose) never reach the regex; `valid` rejects matches
 * whose check digits or structure fail; `group` redacts only that capture (e.g. the password of
 * a URL, the token after "Bearer").
 */
export type Detector = {
  id: string;
  pre: (s: string) => boolean;
  pattern: RegExp;
  valid?: (match: string) => boolean;
  group?: number;
};

const hasDigitRun = (n: number) => {
  const re = new RegExp(`\\d{${n}}`);
  return (s: string) => re.test(s);
};

export const DETECTORS: readonly Detector[] = [
  {
    id: "private_key",
    pre: (s) => s.includes("PRIVATE KEY-----"),
    // The body stops at the next BEGIN of a private key: otherwise every BEGIN without an END
    // rescans the rest of the string (quadratic: 25 s for 1 MB of repeated BEGIN lines).
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:(?!-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)[\s\S])*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/g,
  },
  {
    id: "aws_access_key",
    pre: (s) => s.includes("AKIA") || s.includes("ASIA"),
    pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  },
  {
    id: "github_token",
    pre: (s) => s.includes("gh") || s.includes("github_pat_"),
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  },
  { id: "gitlab_token", pre: (s) => s.includes("glpat-"), pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { id: "slack_token", pre: (s) => s.includes("xox"), pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  {
    id: "stripe_key",
    pre: (s) => s.includes("_live_"),
    pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b/g,
  },
  {
    id: "anthropic_key",
    pre: (s) => s.includes("sk-ant-"),
    pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g,
  },
  // 20+ characters after "sk-" keeps words like "sk-learn" out.
  {
    id: "openai_key",
    pre: (s) => s.includes("sk-"),
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}/g,
  },
  { id: "google_api_key", pre: (s) => s.includes("AIza"), pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  {
    id: "jwt",
    pre: (s) => s.includes("eyJ"),
    // Only at the start of a base64url run (not \b): a failed start must not be retried at each
    // "-eyJ" inside the same run, which made 32 KB of "-eyJ" cost 0.3 s (quadratic).
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g,
  },
  {
    id: "bearer_token",
    pre: (s) => /bearer|basic/i.test(s),
    pattern: /\b(?:Bearer|Basic)\s+([A-Za-z0-9._~+/-]{16,}=*)/gi,
    group: 1,
  },
  {
    id: "url_password",
    pre: (s) => s.includes("://") && s.includes("@"),
    // Schemes are short; unbounded, every "\b" in "a.a.a…" rescanned to the end (quadratic).
    pattern: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:@/]+:([^\s@/]+)@/gi,
    group: 1,
  },
  {
    id: "email",
    pre: (s) => s.includes("@"),
    // Local parts up to 64 and labels up to 63 characters (RFC 5321, 1035): unbounded, every
    // "\b" in "a.a.a…" rescanned to the end (quadratic: 32 KB cost 0.6 s).
    pattern:
      /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b/g,
  },
  {
    id: "card_number",
    pre: hasDigitRun(4),
    pattern: /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g,
    valid: (m) => {
      const digits = m.replace(/[ -]/g, "");
      // Mixed separators (e.g. "1234-5678 9012") are not how card numbers are written.
      const seps = new Set(m.match(/[ -]/g) ?? []);
      return seps.size <= 1 && knownCardPrefix(digits) && luhnValid(digits);
    },
  },
  {
    id: "iban",
    pre: hasDigitRun(2),
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g,
    valid: (m) => ibanValid(m.replace(/ /g, "")),
  },
  {
    id: "us_ssn",
    pre: (s) => s.includes("-"),
    pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
  },
  {
    id: "uk_nino",
    pre: hasDigitRun(2),
    pattern:
      /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
  {
    id: "phone",
    pre: (s) => s.includes("+"),
    // Only the international form (+ country code) is reliable; bare digit runs are dates,
    // ids and amounts far more often than phone numbers.
    pattern: /(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{2,4}){2,5}(?![\w])/g,
    valid: (m) => {
      const digits = m.replace(/\D/g, "").length;
      return digits >= 8 && digits <= 15;
    },
  },
];

export const DETECTOR_IDS = DETECTORS.map((d) => d.id);
