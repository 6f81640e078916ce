import { queryError } from "./errors";

/**
 * A term is `field:value` or a bare value (free text); `star` is a trailing unquoted `*` (a
 * prefix). `col` is 1-based, counted in code points so the column matches what a person sees.
 */
export type Term = {
  type: "term";
  col: number;
  field: string | null;
  value: string;
  valueCol: number;
  quoted: boolean;
  star: boolean;
};
export type Token =
  | Term
  | { type: "(" | ")" | "-" | "OR" | "AND" | "NOT"; col: number }
  | { type: "end"; col: number };

const SPACE = /\s/u;
/** Characters that end an unquoted word. */
const BREAK = /[\s()"]/u;
/** What may stand before `:` as a field name (`labels.<key>` and `args.<path>` included). */
const FIELD = /^[A-Za-z_][A-Za-z0-9_.\-/@$]*$/;

export function tokenize(query: string): Token[] {
  const chars = [...query];
  const tokens: Token[] = [];
  let i = 0;
  const col = () => i + 1;
  while (i < chars.length) {
    const c = chars[i] as string;
    if (SPACE.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ type: c, col: col() });
      i++;
    } else if (c === "-" && i + 1 < chars.length && !SPACE.test(chars[i + 1] as string)) {
      tokens.push({ type: "-", col: col() });
      i++;
    } else if (c === "-") {
      throw queryError(col(), 'expected a term after "-" (no space between)');
    } else {
      tokens.push(readTerm());
    }
  }
  tokens.push({ type: "end", col: chars.length + 1 });
  return tokens;

  function readQuoted(): string {
    const open = col();
    let out = "";
    i++;
    while (i < chars.length) {
      const c = chars[i] as string;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const next = chars[i + 1];
        if (next !== '"' && next !== "\\")
          throw queryError(col(), 'inside quotes a backslash escapes only " or \\');
        out += next;
        i += 2;
      } else {
        out += c;
        i++;
      }
    }
    throw queryError(open, "unterminated quote: add the closing quote");
  }

  function readWord(): string {
    let out = "";
    while (i < chars.length && !BREAK.test(chars[i] as string)) out += chars[i++];
    return out;
  }

  function readValue(start: number, field: string | null): Term {
    const valueCol = col();
    let value: string;
    let quoted = false;
    if (chars[i] === '"') {
      value = readQuoted();
      quoted = true;
    } else {
      value = readWord();
      if (value === "")
        throw queryError(
          valueCol,
          field ? `expected a value after "${field}:"` : "expected a term",
        );
    }
    let star = false;
    if (quoted && chars[i] === "*") {
      star = true;
      i++;
    } else if (!quoted && value.endsWith("*")) {
      star = true;
      value = value.slice(0, -1);
    }
    if (!quoted && value.includes("*"))
      throw queryError(valueCol, "a wildcard * may only end a value (a prefix): quote a literal *");
    if (i < chars.length && !BREAK.test(chars[i] as string))
      throw queryError(col(), "expected a space or a parenthesis after the closing quote");
    if (!quoted && chars[i] === '"')
      throw queryError(col(), "a quote may only start a value: quote the whole value");
    return { type: "term", col: start, field, value, valueCol, quoted, star };
  }

  function readTerm(): Token {
    const start = col();
    if (chars[i] === '"') return readValue(start, null);
    // A field name, if the word has a colon after one; otherwise the word is free text.
    let j = i;
    while (j < chars.length && !BREAK.test(chars[j] as string) && chars[j] !== ":") j++;
    const name = chars.slice(i, j).join("");
    if (chars[j] === ":") {
      if (!FIELD.test(name))
        throw queryError(start, `"${name}" is not a field name: quote text that holds a colon`);
      i = j + 1;
      return readValue(start, name);
    }
    if (j === i + 3 && (name === "AND" || name === "NOT")) {
      i = j;
      return { type: name, col: start };
    }
    if (name === "OR") {
      i = j;
      return { type: "OR", col: start };
    }
    return readValue(start, null);
  }
}
