import { LIMITS } from "./limits";
import { isStorable, storable } from "./well-formed";

type Issue = { path: string; message: string };

export type Inspection =
  | { ok: true; event: Record<string, unknown>; replaced: string[] }
  | { ok: false; errors: Issue[] };

const BAD = 1;
const DIRTY = 2;
const MAX_ISSUES = 10;
const NOT_FINITE = "is not a finite number (JSON numbers must fit a double)";
const TOO_DEEP = `nests deeper than ${LIMITS.argumentsDepth} levels`;
const NONE: string[] = [];

/**
 * Every value of a decoded event, checked before the schema runs and before anything recursive
 * (JSON.stringify, zod, canonical JSON) sees it: nesting (a container below `argumentsDepth`
 * levels), numbers JSON cannot carry (`1e400` parses to Infinity), and strings no store can hold
 * (see well-formed.ts). The first two reject the event with their paths; such strings are
 * replaced by U+FFFD in a copy and where is returned (`arguments` or `labels` as a whole: their
 * member names are content), never a reason to drop an event, except in `id`: two ids repaired
 * alike would make the second event a duplicate of the first.
 *
 * One linear pass without paths serves the events that have none of this (all but hostile ones);
 * only an event it flags is walked again, with paths.
 */
export function inspectEvent(event: Record<string, unknown>): Inspection {
  const found = scan(event);
  if (found === 0) return { ok: true, event, replaced: NONE };
  // A flagged event may be deep beyond any stack: read it without copying first.
  const problems = walk(event, false);
  if (problems.errors.length > 0) return { ok: false, errors: problems.errors };
  // Within the depth limit now: the copy keeps the received value intact for quarantine.
  const copy = structuredClone(event);
  const repaired = walk(copy, true);
  if (repaired.errors.length > 0) return { ok: false, errors: repaired.errors };
  return { ok: true, event: repaired.root, replaced: repaired.replaced };
}

function scan(root: Record<string, unknown>): number {
  let found = 0;
  const nodes: object[] = [root];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const depth = depths.pop() as number;
    if (depth > LIMITS.argumentsDepth) return found | BAD;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === "string") {
          if (!isStorable(v)) found |= DIRTY;
        } else if (typeof v === "number") {
          // NaN and ±Infinity (only) make this non-zero.
          if (v - v !== 0) found |= BAD;
        } else if (typeof v === "object" && v !== null) {
          nodes.push(v);
          depths.push(depth + 1);
        }
      }
    } else {
      const o = node as Record<string, unknown>;
      for (const k in o) {
        if (!isStorable(k)) found |= DIRTY;
        const v = o[k];
        if (typeof v === "string") {
          if (!isStorable(v)) found |= DIRTY;
        } else if (typeof v === "number") {
          if (v - v !== 0) found |= BAD;
        } else if (typeof v === "object" && v !== null) {
          nodes.push(v);
          depths.push(depth + 1);
        }
      }
    }
  }
  return found;
}

type Frame = { node: object; path: string; depth: number; field: string };

/** The slow pass, with paths: issues always; repairs (in place) when `repair` is set. */
function walk(
  root: Record<string, unknown>,
  repair: boolean,
): { root: Record<string, unknown>; errors: Issue[]; replaced: string[] } {
  const errors: Issue[] = [];
  const replaced = new Set<string>();
  const record = (path: string) => replaced.add(recordedPath(path));
  const id = root.id;
  if (typeof id === "string" && !id.isWellFormed())
    errors.push({ path: "id", message: "must not contain lone UTF-16 surrogates" });
  let top = root;
  if (repair) top = repairKeys(root, "", errors, record);
  const stack: Frame[] = [{ node: top, path: "", depth: 0, field: "" }];
  while (stack.length > 0 && errors.length < MAX_ISSUES) {
    const { node, path, depth, field } = stack.pop() as Frame;
    if (depth > LIMITS.argumentsDepth) {
      errors.push({ path: field, message: TOO_DEEP });
      continue;
    }
    const isArray = Array.isArray(node);
    const o = node as Record<string, unknown>;
    const keys = isArray ? Array.from(node.keys(), String) : Object.keys(o);
    for (const k of keys) {
      const at = isArray ? `${path}[${k}]` : path === "" ? k : `${path}.${k}`;
      let v = o[k];
      if (typeof v === "number" && !Number.isFinite(v))
        errors.push({ path: at, message: NOT_FINITE });
      else if (typeof v === "string" && !isStorable(v) && repair && at !== "id") {
        o[k] = storable(v);
        record(at);
      } else if (typeof v === "object" && v !== null) {
        if (repair && !Array.isArray(v)) {
          v = repairKeys(v as Record<string, unknown>, at, errors, record);
          o[k] = v;
        }
        stack.push({ node: v as object, path: at, depth: depth + 1, field: field || k });
      }
    }
  }
  return { root: top, errors: errors.slice(0, MAX_ISSUES), replaced: [...replaced] };
}

/** Member names under these are content (and may be personal or secret): not repeated in paths. */
const OPAQUE = ["arguments", "labels"];

/** Where a repair is recorded: the path, or only the field for content under OPAQUE. */
function recordedPath(path: string): string {
  for (const f of OPAQUE)
    if (path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`)) return f;
  return path;
}

/** The object itself when its member names are storable, else a copy in the same order. */
function repairKeys(
  o: Record<string, unknown>,
  path: string,
  errors: Issue[],
  record: (path: string) => void,
): Record<string, unknown> {
  const keys = Object.keys(o);
  if (keys.every(isStorable)) return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const name = storable(k);
    const at = path === "" ? name : `${path}.${name}`;
    if (Object.hasOwn(out, name)) {
      errors.push({
        path: at,
        message: "names a member twice once U+FFFD replaces what no store can hold",
      });
      continue;
    }
    if (name !== k) record(at);
    // defineProperty: a member named "__proto__" stays a member.
    Object.defineProperty(out, name, {
      value: o[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
