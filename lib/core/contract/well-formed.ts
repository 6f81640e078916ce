/// <reference lib="es2024.string" />

/**
 * What a stored string may hold. Lone UTF-16 surrogates are not Unicode: RFC 8785 (the chain's
 * canonical form) forbids them, UTF-8 cannot encode them (drivers turn them into U+FFFD in
 * columns while the document keeps `\ud800`), and PostgreSQL's JSON operators refuse them, as
 * they refuse `\u0000`, which no PostgreSQL text can hold. One mapping serves ingestion (which
 * repairs such strings), quarantine rows and the dashboard's links.
 */
export const REPLACEMENT_CHARACTER = "\ufffd";

/** True when every store can hold `s` as it is. Both checks are native and O(1) on ASCII. */
export function isStorable(s: string): boolean {
  return s.isWellFormed() && !s.includes("\u0000");
}

/**
 * `s` with each lone surrogate and each NUL replaced by U+FFFD: the same length, and what the
 * columns of events stored before this rule hold for such a string (drivers encode lone
 * surrogates as U+FFFD; PostgreSQL's projections replace NUL), so a link built from an old
 * document still finds its rows.
 */
export function storable(s: string): string {
  if (isStorable(s)) return s;
  return s.toWellFormed().replaceAll("\u0000", REPLACEMENT_CHARACTER);
}
