import { describe, expect, it } from "vitest";
import { parseQuarantineView, quarantineQuery } from "./quarantine";

const now = new Date("2026-03-01T12:00:00Z");

describe("parseQuarantineView", () => {
  it("reads the explorer's range and the quarantine filters", () => {
    const q = parseQuarantineView(
      {
        range: "custom",
        from: "2026-02-01T00:00:00Z",
        to: "2026-02-02T00:00:00Z",
        key: " k1 ",
        event: "ev-1",
        error: "outcome",
        before: "42",
        size: "100",
      },
      now,
    );
    expect(q).toMatchObject({
      key: "k1",
      eventId: "ev-1",
      error: "outcome",
      before: 42,
      size: 100,
    });
    expect(q.view.from.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(quarantineQuery(q)).toBe(
      "range=custom&from=2026-02-01T00%3A00%3A00.000Z&to=2026-02-02T00%3A00%3A00.000Z&key=k1&event=ev-1&error=outcome&size=100",
    );
  });

  it("defaults to the explorer's 24 hours, 50 a page, no cursor", () => {
    const q = parseQuarantineView({}, now);
    expect(q.view.range).toBe("24h");
    expect(q.size).toBe(50);
    expect(quarantineQuery(q)).toBe("range=24h");
  });

  it.each([
    [{ range: "2d" }, /range must be one of/],
    [{ size: "7" }, /size must be one of/],
    [{ before: "-1" }, /before must be a row number/],
    [{ after: "1e9" }, /after must be a row number/],
    [{ before: "1", after: "2" }, /not both/],
    [{ error: "x".repeat(201) }, /error may have at most 200/],
    [{ key: "k\u0000" }, /control character/],
    [{ range: "custom", from: "2026-02-02T00:00:00Z", to: "2026-02-01T00:00:00Z" }, /before to/],
  ])("refuses %j with a message", (p, message) => {
    expect(() => parseQuarantineView(p, now)).toThrow(message);
  });
});
