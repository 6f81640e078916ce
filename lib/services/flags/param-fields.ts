import type { z } from "zod";

/**
 * A rule parameter as the settings form shows it, read from the rule's zod schema: the page
 * cannot receive the schema itself (it crosses to the browser), so its shape is described here.
 */
export type ParamField = {
  name: string;
  /** The schema's description: what the parameter means and its unit. */
  description: string;
  kind: "integer" | "number" | "boolean" | "text" | "list" | "choice" | "choices";
  /** For choice and choices. */
  options?: string[];
  min?: number;
  max?: number;
  default: unknown;
};

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; defaultValue?: unknown };
type Inspectable = z.ZodType & {
  description?: string;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: readonly unknown[];
};

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps default, optional and similar wrappers, keeping the outermost description and default. */
function unwrap(s: z.ZodType): { inner: Inspectable; description: string; fallback: unknown } {
  let cur = s as Inspectable;
  let description = cur.description ?? "";
  let fallback: unknown;
  for (let i = 0; i < 8; i++) {
    const d = defOf(cur);
    if (d.type === "default" || d.type === "prefault") fallback ??= d.defaultValue;
    if (!d.innerType) break;
    cur = d.innerType as Inspectable;
    description ||= cur.description ?? "";
  }
  return { inner: cur, description, fallback };
}

/** The fields of an object schema, in declaration order; [] for a schema that is not an object. */
export function paramFields(schema: z.ZodType): ParamField[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) return [];
  return Object.entries(shape).map(([name, field]) => {
    const { inner, description, fallback } = unwrap(field);
    const base = { name, description: description || name, default: fallback };
    const d = defOf(inner);
    if (d.type === "number")
      return {
        ...base,
        kind: inner.isInt ? "integer" : "number",
        ...(typeof inner.minValue === "number" && Number.isFinite(inner.minValue)
          ? { min: inner.minValue }
          : {}),
        ...(typeof inner.maxValue === "number" && Number.isFinite(inner.maxValue)
          ? { max: inner.maxValue }
          : {}),
      };
    if (d.type === "boolean") return { ...base, kind: "boolean" };
    if (d.type === "enum")
      return { ...base, kind: "choice", options: (inner.options ?? []).map(String) };
    if (d.type === "array" && d.element) {
      const el = unwrap(d.element).inner;
      if (defOf(el).type === "enum")
        return { ...base, kind: "choices", options: (el.options ?? []).map(String) };
      return { ...base, kind: "list" };
    }
    return { ...base, kind: "text" };
  });
}

/** A parameter's name in words for messages: its description, else its name. */
export function paramLabel(schema: z.ZodType, name: string): string {
  const f = paramFields(schema).find((p) => p.name === name);
  return f && f.description !== name ? `${f.description} (${name})` : name;
}
