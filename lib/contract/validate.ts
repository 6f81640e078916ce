import type { z } from "zod";
import { type EventV1, eventV1Schema } from "./event-v1";
import { LIMITS, STRING_MAXIMA } from "./limits";
import { SERVER_FIELDS } from "./stored-event";

export type ContractIssue = { path: string; message: string };

export type ValidationResult =
  | { ok: true; event: EventV1; truncated: string[] }
  | { ok: false; errors: ContractIssue[]; id: string | null };

export type ValidationLimits = { eventBytes: number };

/**
 * Validates one decoded event. `bytes` is its serialized size (the NDJSON line, or the element's
 * JSON for arrays); limits are checked before the schema so oversized input costs little.
 */
export function validateEvent(
  raw: unknown,
  bytes: number,
  limits: ValidationLimits = { eventBytes: LIMITS.eventBytes },
): ValidationResult {
  const id = peekId(raw);
  if (bytes > limits.eventBytes) {
    return reject(id, "", `event is ${bytes} bytes; the limit is ${limits.eventBytes} bytes`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return reject(id, "", "an event must be a JSON object");
  }
  const record = raw as Record<string, unknown>;
  for (const key of SERVER_FIELDS) {
    if (key in record) return reject(id, key, "is set by the server and may not be sent");
  }
  if (record.arguments !== undefined) {
    const problem = argumentsProblem(record.arguments);
    if (problem) return reject(id, "arguments", problem);
  }
  const parsed = eventV1Schema.safeParse(raw);
  if (!parsed.success) return { ok: false, id, errors: parsed.error.issues.map(toIssue) };
  const truncated: string[] = [];
  trimStrings(parsed.data, truncated);
  return { ok: true, event: parsed.data, truncated };
}

function reject(id: string | null, path: string, message: string): ValidationResult {
  return { ok: false, id, errors: [{ path, message }] };
}

function peekId(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === "string" ? id.slice(0, LIMITS.idChars) : null;
}

function toIssue(issue: z.core.$ZodIssue): ContractIssue {
  const path = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
  let message = issue.message;
  if (issue.code === "unrecognized_keys") message = `unknown field(s): ${issue.keys.join(", ")}`;
  else if (issue.code === "invalid_type" && message.includes("received undefined"))
    message = "is required";
  return { path, message };
}

/** Depth and size of `arguments`, checked iteratively so hostile nesting cannot blow the stack. */
function argumentsProblem(value: unknown): string | null {
  const size = Buffer.byteLength(JSON.stringify(value) ?? "");
  if (size > LIMITS.argumentsBytes) {
    return `is ${size} bytes; the limit is ${LIMITS.argumentsBytes} bytes`;
  }
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== "object" || node === null) continue;
    if (depth + 1 > LIMITS.argumentsDepth) {
      return `nests deeper than ${LIMITS.argumentsDepth} levels`;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node))
      stack.push([child, depth + 1]);
  }
  return null;
}

/** Cuts at a code-point boundary so a trimmed string is still well-formed UTF-16. */
export function cutString(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function trimStrings(event: EventV1, truncated: string[]): void {
  const root = event as unknown as Record<string, unknown>;
  for (const [path, max] of Object.entries(STRING_MAXIMA)) {
    const isList = path.endsWith("[]");
    const segments = path.replace("[]", "").split(".");
    trimAt(root, segments, max, isList, path, truncated);
  }
  if (event.labels) {
    for (const [k, v] of Object.entries(event.labels)) {
      if (v.length > LIMITS.labelValueChars) {
        event.labels[k] = cutString(v, LIMITS.labelValueChars);
        truncated.push(`labels.${k}`);
      }
    }
  }
}

function trimAt(
  root: Record<string, unknown>,
  segments: string[],
  max: number,
  isList: boolean,
  path: string,
  truncated: string[],
): void {
  // Paths like "redactions[].field" walk into each element of the list.
  let parent: unknown = root;
  for (const seg of segments.slice(0, -1)) {
    if (Array.isArray(parent)) return;
    parent = (parent as Record<string, unknown> | undefined)?.[seg];
    if (parent === undefined || parent === null) return;
  }
  const leaf = segments.at(-1) as string;
  const inList = Array.isArray(parent);
  const containers = (inList ? parent : [parent]) as Record<string, unknown>[];
  containers.forEach((c, ci) => {
    const value = c[leaf];
    // The recorded path names the exact element, e.g. redactions[3].field or actor.roles[1].
    const at = inList ? path.replace("[]", `[${ci}]`) : path.replace("[]", "");
    if (isList && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === "string" && item.length > max) {
          value[i] = cutString(item, max);
          truncated.push(`${at}[${i}]`);
        }
      });
    } else if (typeof value === "string" && value.length > max) {
      c[leaf] = cutString(value, max);
      truncated.push(at);
    }
  });
}
