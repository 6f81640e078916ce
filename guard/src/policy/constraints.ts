import { posix } from "node:path";
import type { ArgConstraint } from "./schema";

/** `*` matches any run of characters; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${body.join(".*")}$`, "s");
}

/** Normalises a path so `/srv/data/../../etc` is judged as `/etc`, not by its prefix. */
export function normalizePath(p: string): string {
  const slashes = p.replace(/\\/g, "/");
  const n = posix.normalize(slashes);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

function underPrefix(value: string, prefix: string): boolean {
  const v = normalizePath(value);
  const p = normalizePath(prefix);
  return v === p || v.startsWith(p.endsWith("/") ? p : `${p}/`);
}

/**
 * Checks one argument against its constraint; returns the problems found (empty when it holds).
 * Messages name the argument, never echo its value: the value may be a secret.
 */
export function checkConstraint(
  name: string,
  value: unknown,
  c: ArgConstraint,
  regexes: Map<string, RegExp>,
  presenceRequired = false,
): string[] {
  if (value === undefined)
    return (c.required ?? presenceRequired) ? [`${name}: is required by policy`] : [];
  const errors: string[] = [];
  if (c.prefix) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== "string") errors.push(`${name}: must be a path string`);
      else if (v.includes("\u0000")) errors.push(`${name}: contains a NUL character`);
      else if (!c.prefix.some((p) => underPrefix(v, p)))
        errors.push(`${name}: must be under ${c.prefix.join(" or ")}`);
    }
  }
  if (c.pattern !== undefined) {
    let re = regexes.get(c.pattern);
    if (!re) {
      re = new RegExp(c.pattern, "u");
      regexes.set(c.pattern, re);
    }
    if (typeof value !== "string" || !re.test(value))
      errors.push(`${name}: does not match the pattern ${c.pattern}`);
  }
  if (c.enum && !c.enum.includes(value as string | number | boolean))
    errors.push(`${name}: must be one of ${c.enum.join(", ")}`);
  if (c.min !== undefined && !(typeof value === "number" && value >= c.min))
    errors.push(`${name}: must be a number >= ${c.min}`);
  if (c.max !== undefined && !(typeof value === "number" && value <= c.max))
    errors.push(`${name}: must be a number <= ${c.max}`);
  if (c.max_length !== undefined) {
    const len = typeof value === "string" || Array.isArray(value) ? value.length : undefined;
    if (len !== undefined && len > c.max_length)
      errors.push(`${name}: must be at most ${c.max_length} long`);
  }
  return errors;
}

export function checkConstraints(
  args: Record<string, unknown>,
  constraints: Record<string, ArgConstraint>,
  regexes: Map<string, RegExp>,
  /** Rule conditions: a missing argument does not satisfy them (it cannot bypass a prefix). */
  presenceRequired = false,
): string[] {
  return Object.entries(constraints).flatMap(([name, c]) =>
    checkConstraint(
      name,
      Object.hasOwn(args, name) ? args[name] : undefined,
      c,
      regexes,
      presenceRequired,
    ),
  );
}
