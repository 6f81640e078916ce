import type { ParamField } from "./param-fields";

/** A form's values by name, every value as submitted (a multi-select gives several). */
export type FormValues = (name: string) => string[];

/**
 * A rule's parameters from its settings form: each field read by its kind, and only values that
 * differ from the rule's default kept, so an untouched field keeps following the default. A value
 * that is not a number stays text, for the rule's schema to refuse with the parameter's name.
 */
export function paramsFromForm(fields: ParamField[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values(`p.${f.name}`);
    let v: unknown;
    if (f.kind === "boolean") v = raw.includes("on");
    else if (f.kind === "list")
      v = (raw[0] ?? "")
        .split("\n")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (f.kind === "choices") v = raw;
    else {
      const s = (raw[0] ?? "").trim();
      if (s === "") continue;
      v =
        f.kind === "integer" || f.kind === "number"
          ? Number.isFinite(Number(s))
            ? Number(s)
            : s
          : s;
    }
    if (JSON.stringify(v) !== JSON.stringify(f.default)) out[f.name] = v;
  }
  return out;
}

/** One subject key per line, blank lines dropped. */
export function linesOf(text: string | undefined): string[] {
  return (text ?? "")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}
