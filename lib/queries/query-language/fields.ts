import { QUERY_FIELDS, type QueryField } from "../../../db/store/query-node";
import { ACTOR_TYPES, CLASSIFICATIONS, OUTCOMES, VERDICTS } from "../../core/contract";

/** Fields whose values are one of a closed list: a typo is an error, not an empty page. */
export const FIELD_VALUES: Partial<Record<QueryField, readonly string[]>> = {
  outcome: OUTCOMES,
  verdict: VERDICTS,
  classification: CLASSIFICATIONS,
  "actor.type": ACTOR_TYPES,
};

/** Fields that read argument values: refused to roles without `events:payload`. */
export const PAYLOAD_FIELDS: ReadonlySet<QueryField> = new Set<QueryField>(["args", "arguments"]);

/** Characters a label key or an argument path segment may have in a query. */
export const KEY_PATTERN = /^[A-Za-z0-9_\-/@$]+(\.[A-Za-z0-9_\-/@$]+)*$/;

export function isQueryField(name: string): name is QueryField {
  return Object.hasOwn(QUERY_FIELDS, name);
}

/** `labels.env` → labels and env; `args.a.b` → args and a.b; other names as they are. */
export function splitFieldName(name: string): { field: string; key: string | null } {
  for (const keyed of ["labels", "args"])
    if (name.startsWith(`${keyed}.`)) return { field: keyed, key: name.slice(keyed.length + 1) };
  return { field: name, key: null };
}
