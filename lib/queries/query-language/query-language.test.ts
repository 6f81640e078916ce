import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QUERY_FIELDS } from "../../../db/store/query-node";
import { isTooltrailError } from "../../core/errors";
import { parseQuery, printQuery } from ".";
import { queryNode } from "./query-arbitrary";

const all = { allowPayload: true };
const parse = (q: string) => parseQuery(q, all);
const failure = (q: string, opts = all) => {
  try {
    parseQuery(q, opts);
  } catch (err) {
    if (!isTooltrailError(err)) throw err;
    return { code: err.code, message: err.message };
  }
  throw new Error(`parsed: ${q}`);
};

describe("query language", () => {
  it("reads field terms, negation, OR, phrases, wildcards and ranges", () => {
    expect(parse("tool:read_* -outcome:ok")).toEqual({
      kind: "and",
      nodes: [
        { kind: "match", field: "tool", op: "prefix", value: "read_" },
        { kind: "not", node: { kind: "match", field: "outcome", op: "eq", value: "ok" } },
      ],
    });
    expect(parse('actor.email:"a b@x" OR labels.env:prod duration_ms:>1000')).toEqual({
      kind: "or",
      nodes: [
        { kind: "match", field: "actor.email", op: "eq", value: "a b@x" },
        {
          kind: "and",
          nodes: [
            { kind: "match", field: "labels", key: "env", op: "eq", value: "prod" },
            { kind: "range", field: "duration_ms", op: "gt", value: 1000 },
          ],
        },
      ],
    });
    expect(parse("result_bytes:<=10")).toEqual({
      kind: "range",
      field: "result_bytes",
      op: "lte",
      value: 10,
    });
    expect(parse("duration_ms:100..500")).toEqual({
      kind: "between",
      field: "duration_ms",
      from: 100,
      to: 500,
    });
    expect(parse('"disk full" args.path.0:/etc/*')).toEqual({
      kind: "and",
      nodes: [
        { kind: "text", value: "disk full" },
        { kind: "match", field: "args", key: "path.0", op: "prefix", value: "/etc/" },
      ],
    });
    expect(parse("NOT (tool:a OR tool:b) AND arguments:secret")).toEqual({
      kind: "and",
      nodes: [
        {
          kind: "not",
          node: {
            kind: "or",
            nodes: [
              { kind: "match", field: "tool", op: "eq", value: "a" },
              { kind: "match", field: "tool", op: "eq", value: "b" },
            ],
          },
        },
        { kind: "text", field: "arguments", value: "secret" },
      ],
    });
    expect(parse("   ")).toBeNull();
  });

  it("points at the column of a mistake", () => {
    expect(failure("outcome:ok tool: x")).toEqual({
      code: "invalid-input",
      message: 'column 17: expected a value after "tool:"',
    });
    expect(failure("tool:a (server:b").message).toBe('column 8: unclosed "(": add ")"');
    // Columns count characters as a person sees them, not UTF-16 units.
    expect(failure("é😀 tool: x").message).toBe('column 9: expected a value after "tool:"');
    expect(failure('tool:"abc').message).toBe(
      "column 6: unterminated quote: add the closing quote",
    );
    expect(failure("colour:red").message).toMatch(/^column 1: unknown field "colour"/);
    expect(failure("duration_ms:fast").message).toMatch(/^column 13: duration_ms takes a number/);
    expect(failure("tool:a OR").message).toBe('column 10: expected a term after "OR" (column 8)');
    expect(failure("outcome:fine").message).toMatch(/^column 9: outcome is one of ok, error/);
    expect(failure("tool:re*ad").message).toMatch(/^column 6: a wildcard \* may only end a value/);
    expect(failure("labels:x").message).toBe("column 1: labels needs a key: labels.<key>:value");
    expect(failure("a )").message).toBe('column 3: unexpected ")"');
    expect(failure("duration_ms:9..1").message).toMatch(/^column 13: .* the lower end comes first/);
    expect(failure(`${"(".repeat(20)}a${")".repeat(20)}`).message).toMatch(/nest at most 16/);
  });

  it("refuses payload fields and free text to roles that may not read payloads", () => {
    const viewer = { allowPayload: false };
    expect(parseQuery("tool:read_file -outcome:ok", viewer)).not.toBeNull();
    for (const [q, col] of [
      ["tool:x args.path:/etc", 8],
      ["arguments:secret", 1],
      ["tool:x secret", 8],
    ] as const) {
      const f = failure(q, viewer);
      expect(f.code).toBe("forbidden");
      expect(f.message).toMatch(new RegExp(`^column ${col}: .*events:payload`));
    }
  });

  it("prints a tree that parses back to the same tree", () => {
    fc.assert(
      fc.property(queryNode, (node) => {
        expect(parse(printQuery(node))).toEqual(node);
      }),
      { numRuns: 2000 },
    );
  });

  it("answers any text with a tree or an invalid-input error, and reprints trees faithfully", () => {
    const pieces = fc.constantFrom(
      "tool:",
      "-",
      "(",
      ")",
      " ",
      '"',
      "\\",
      "*",
      "OR",
      "AND",
      "..",
      ">=",
      "duration_ms:",
      "labels.a:",
      "x",
      "é",
      ":",
    );
    const input = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 12 }).map((p) => p.join("")),
    );
    fc.assert(
      fc.property(input, (q) => {
        let node: ReturnType<typeof parse>;
        try {
          node = parse(q);
        } catch (err) {
          expect(isTooltrailError(err) && err.code === "invalid-input").toBe(true);
          expect((err as Error).message).toMatch(/^column \d+: /);
          return;
        }
        if (node !== null) expect(parse(printQuery(node))).toEqual(node);
      }),
      { numRuns: 3000 },
    );
  });

  it("has every field documented in docs/query-language.md", () => {
    const doc = readFileSync("docs/query-language.md", "utf8");
    for (const [field, kind] of Object.entries(QUERY_FIELDS))
      expect(doc).toContain(kind === "keyed" ? `\`${field}.<` : `\`${field}\``);
  });
});
