/**
 * Event content is hostile: bidi overrides can make `gnp.exe` read as `exe.png`, zero-width and
 * control characters hide or fake text. Rendered, each becomes a visible ⟨U+XXXX⟩ marker; the
 * stored value is untouched (exports keep it, escaped).
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function visible(s: string): string;
export function visible(s: string | null | undefined): string | null | undefined;
export function visible(s: string | null | undefined): string | null | undefined {
  if (typeof s !== "string") return s;
  return s.replace(
    INVISIBLE,
    (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`,
  );
}
