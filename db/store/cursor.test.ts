import { describe, expect, it } from "vitest";
import { type Cursor, checkCursor, decodeCursor, encodeCursor, InvalidCursorError } from "./cursor";

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const good: Cursor = {
  sort: "actor",
  order: "asc",
  value: "Zoë 🦊",
  time: "2026-01-31T12:00:00.000Z",
  id: "evt-1",
};

describe("keyset cursors", () => {
  it("decode as written, and the legacy time-and-id form", () => {
    expect(decodeCursor(encodeCursor(good), { sort: "actor", order: "asc" })).toEqual(good);
    const legacy = raw(["2026-01-31T12:00:00.000Z", "evt-1"]);
    expect(decodeCursor(legacy, { sort: "time", order: "desc" })).toMatchObject({
      time: "2026-01-31T12:00:00.000Z",
      id: "evt-1",
    });
    expect(() =>
      checkCursor(encodeCursor({ ...good, sort: "redactions", value: 3 })),
    ).not.toThrow();
  });

  it("refuse times a database cannot hold or that are not written as the server writes them", () => {
    for (const time of [
      // Date's smallest value: valid in JavaScript, out of range for PostgreSQL timestamps.
      "-271821-04-20T00:00:00.000Z",
      "+275760-09-13T00:00:00.000Z",
      "0000-01-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "2026-01-31",
      "2026-02-30T00:00:00.000Z",
      "Sat, 31 Jan 2026 12:00:00 GMT",
    ]) {
      const c = encodeCursor({ ...good, time });
      expect(() => decodeCursor(c, { sort: "actor", order: "asc" }), time).toThrow(
        InvalidCursorError,
      );
      expect(() => checkCursor(raw([time, "evt-1"])), time).toThrow(InvalidCursorError);
    }
  });

  it("refuse ids and values no stored event has, which PostgreSQL would fail on", () => {
    const bad: Partial<Cursor>[] = [
      { id: "evt\u00001" },
      { id: "" },
      { id: "x".repeat(129) },
      { value: "a\u0000b" },
      { value: "\ud800" },
      { value: "v".repeat(4097) },
      { sort: "redactions", value: 2 ** 31 },
      { sort: "redactions", value: 1.5 },
      { sort: "redactions", value: -1 },
      { sort: "duration_ms", value: "12" },
    ];
    for (const over of bad) {
      const c = encodeCursor({ ...good, ...over } as Cursor);
      expect(() => checkCursor(c), JSON.stringify(over)).toThrow(InvalidCursorError);
    }
    // JSON.parse reads 1e400 as Infinity.
    const infinite = `[2,"duration_ms","asc",1e400,"${good.time}","e"]`;
    expect(() => checkCursor(Buffer.from(infinite).toString("base64url"))).toThrow(
      InvalidCursorError,
    );
  });

  it("refuse what is not base64url, or too long to be one of ours", () => {
    const c = encodeCursor(good);
    for (const s of [`${c}%00`, `${c}\u0000`, `${c.slice(0, 5)}=${c.slice(5)}`, "a".repeat(9000)])
      expect(() => checkCursor(s)).toThrow(InvalidCursorError);
    expect(() => checkCursor("not json at all")).toThrow(InvalidCursorError);
  });
});
