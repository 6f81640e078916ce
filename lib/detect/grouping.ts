import { z } from "zod";
import type { DetectEvent, Finding } from "./types";

/**
 * Configurable grouping fields of a rule (RuleConfigRecord.groupBy): flags are grouped per rule
 * and subject, and with `tool` and/or `server` also per tool and/or server, so an actor's burst
 * on one tool and another on a second tool are two flags instead of one (actor vs actor+tool vs
 * actor+server). Empty (the default) leaves each rule's own group key as it is.
 */
export const GROUP_FIELDS = ["tool", "server"] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

export const groupByFields = z
  .array(z.enum(GROUP_FIELDS, { message: `use ${GROUP_FIELDS.join(" or ")}` }))
  .max(GROUP_FIELDS.length)
  .refine((l) => new Set(l).size === l.length, "name each grouping field once");

/**
 * Findings re-keyed by the grouping fields, read from their evidence in the window. A finding
 * whose evidence has one value of a field joins that value's group; one spanning several values
 * (or none in the window) gets `*` for it, so it is never split or its figures misattributed.
 */
export function regroup(
  findings: readonly Finding[],
  fields: readonly GroupField[],
  events: ReadonlyMap<string, DetectEvent>,
): Finding[] {
  if (fields.length === 0) return [...findings];
  return findings.map((f) => {
    const parts = fields.map((field) => {
      const values = new Set<string>();
      for (const id of f.evidence) {
        const e = events.get(id);
        if (e) values.add(e[field] ?? "");
      }
      const [only] = values;
      return `${field}=${values.size === 1 ? only : "*"}`;
    });
    return { ...f, groupKey: [f.groupKey, ...parts].join("\u001f") };
  });
}
