/**
 * Keyset cursor over (time, id), opaque to clients and shared by every backend, so a page URL
 * means the same on PGlite, PostgreSQL and ClickHouse.
 */
export type Cursor = { time: string; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.time, c.id])).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && typeof parsed[1] === "string") {
      if (!Number.isNaN(Date.parse(parsed[0]))) return { time: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}

export class InvalidCursorError extends Error {
  constructor() {
    super("invalid cursor: pass back the nextCursor of the previous page unchanged");
  }
}
