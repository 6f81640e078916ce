/// <reference lib="es2024.string" />

import { hasCode, TooltrailError } from "../core/errors";

/** Query-string parameters as Next.js hands them to pages (`?a=1&a=2` gives an array). */
export type Params = Record<string, string | string[] | undefined>;

/**
 * A URL parameter the dashboard cannot accept (a date out of range, an unknown option, a control
 * character): pages and route handlers answer 400 with the message, which says what is accepted.
 * Messages name the parameter, never echo its value.
 */
export class BadRequestError extends TooltrailError {
  constructor(message: string) {
    super("invalid-input", message);
  }
}

/**
 * Recognises the error by its code, not its class: the dashboard's bundle has its own copy of
 * this module (see db/store/cursor.ts#isInvalidCursorError).
 */
export function isBadRequestError(err: unknown): err is BadRequestError {
  return hasCode(err, "invalid-input");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a text cannot be used as a filter or identifier, or null: control characters (C0, DEL, C1;
 * PostgreSQL refuses U+0000 in text, and none belongs in an identifier) and unpaired UTF-16
 * surrogates (not text at all).
 */
export function unsafeCharacter(s: string): string | null {
  const m = CONTROL.exec(s);
  if (m) {
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return `the control character U+${code}`;
  }
  return s.isWellFormed() ? null : "an unpaired surrogate (not valid Unicode)";
}

/** Throws BadRequestError when `value` holds a character no filter or identifier may hold. */
export function assertSafeText(name: string, value: string): void {
  const bad = unsafeCharacter(value);
  if (bad)
    throw new BadRequestError(
      `${name} contains ${bad}: control characters and unpaired surrogates are not accepted`,
    );
}

/** Every parameter of a request, names and values, whether or not the page reads it. */
export function assertSafeParams(p: Params): void {
  for (const [name, v] of Object.entries(p)) {
    assertSafeText("a parameter name", name);
    const label = `the parameter ${name.length > 64 ? `${name.slice(0, 64)}…` : name}`;
    for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v])
      assertSafeText(label, value);
  }
}
