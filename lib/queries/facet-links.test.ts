import { describe, expect, it } from "vitest";
import { facetQueryText } from "./facet-links";
import { parseQuery } from "./query-language";

const parse = (q: string) => parseQuery(q, { allowPayload: true });

describe("facet links", () => {
  it("adds field:value or -field:value to the query", () => {
    expect(facetQueryText("", "tool", "read_file", false)).toBe("tool:read_file");
    expect(facetQueryText("", "tool", "read_file", true)).toBe("-tool:read_file");
    expect(facetQueryText("passwd", "actor", "alice", false)).toBe("passwd actor:alice");
  });

  it("quotes what the grammar needs quoted, so the value reads back as itself", () => {
    for (const value of ['say "hi"', "back\\slash", "OR", "a b", "x:y", "-neg", "zoë😀", "(x)"]) {
      const text = facetQueryText("", "actor", value, false);
      expect(parse(text ?? "")).toEqual({ kind: "match", field: "actor", op: "eq", value });
      expect(parse(facetQueryText("", "actor", value, true) ?? "")).toEqual({
        kind: "not",
        node: { kind: "match", field: "actor", op: "eq", value },
      });
    }
  });

  it("narrows the whole of an OR query", () => {
    const text = facetQueryText("tool:a OR tool:b", "outcome", "denied", false);
    expect(text).toBe("(tool:a OR tool:b) outcome:denied");
    expect(parse(text ?? "")?.kind).toBe("and");
  });

  it("gives no link when the query would be longer than a search may be", () => {
    expect(facetQueryText("x".repeat(190), "tool", "read_file", false)).toBeNull();
  });
});
