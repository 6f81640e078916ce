/**
 * The one way values reach ClickHouse SQL. `chsql` is a tagged template: interpolated values are
 * typed and become server-side parameters `{p0:String}` where the server has them, or escaped
 * literals on servers without (18.16). Identifiers go through `ident`, fragments nest as `chsql`.
 */
export type ChValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | readonly string[]
  | readonly number[]
  | null;

const FRAGMENT = Symbol("chsql");

export type ChFragment = {
  [FRAGMENT]: true;
  strings: readonly string[];
  values: readonly (ChValue | ChFragment | ChIdent)[];
};
export type ChIdent = { ident: string };

export function chsql(
  strings: TemplateStringsArray | readonly string[],
  ...values: (ChValue | ChFragment | ChIdent)[]
): ChFragment {
  return { [FRAGMENT]: true, strings, values };
}

export function ident(name: string): ChIdent {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new Error(`not a safe identifier: ${JSON.stringify(name)}`);
  return { ident: name };
}

/** Joins fragments with a separator fragment (e.g. `chsql\` AND \``). */
export function joinSql(parts: readonly ChFragment[], separator: ChFragment): ChFragment {
  const strings: string[] = [""];
  const values: (ChValue | ChFragment | ChIdent)[] = [];
  parts.forEach((p, i) => {
    if (i > 0) {
      values.push(separator);
      strings.push("");
    }
    values.push(p);
    strings.push("");
  });
  return { [FRAGMENT]: true, strings, values };
}

function isFragment(v: unknown): v is ChFragment {
  return typeof v === "object" && v !== null && FRAGMENT in v;
}

function isIdent(v: unknown): v is ChIdent {
  return typeof v === "object" && v !== null && "ident" in v && !Array.isArray(v);
}

export type RenderedQuery = { query: string; params: Record<string, unknown> };

export function render(fragment: ChFragment, mode: "params" | "inline"): RenderedQuery {
  const params: Record<string, unknown> = {};
  let n = 0;
  const walk = (f: ChFragment): string => {
    let out = f.strings[0] ?? "";
    f.values.forEach((v, i) => {
      if (isFragment(v)) out += walk(v);
      else if (isIdent(v)) out += `\`${v.ident}\``;
      else if (mode === "inline") out += literal(v);
      else {
        const name = `p${n++}`;
        params[name] = v instanceof Date ? Math.floor(v.getTime() / 1000) : v;
        out += `{${name}:${typeOf(v)}}`;
      }
      out += f.strings[i + 1] ?? "";
    });
    return out;
  };
  return { query: walk(fragment), params };
}

function typeOf(v: ChValue): string {
  if (v === null) return "Nullable(String)";
  if (typeof v === "string") return "String";
  if (typeof v === "boolean") return "UInt8";
  if (typeof v === "bigint") return "Int64";
  if (v instanceof Date) return "DateTime";
  if (typeof v === "number") return Number.isInteger(v) ? "Int64" : "Float64";
  if (v.length > 0 && typeof v[0] === "number")
    return Number.isInteger(v[0]) ? "Array(Int64)" : "Array(Float64)";
  return "Array(String)";
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const NEEDS_ESCAPE = /[\\'\u0000-\u001f\u007f]/;

/** A ClickHouse string literal: backslash escapes for quote and backslash, `\xHH` for controls. */
export function quoteString(s: string): string {
  // Most values need no escape: one scan instead of a walk by code point (ingest quotes ids).
  if (!NEEDS_ESCAPE.test(s)) return `'${s}'`;
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}'`;
}

function literal(v: ChValue): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return quoteString(v);
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error("invalid date");
    return `toDateTime(${Math.floor(v.getTime() / 1000)})`;
  }
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  return `[${(v as readonly (string | number)[]).map((x) => literal(x)).join(", ")}]`;
}
