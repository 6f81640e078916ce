import type { z } from "zod";
import { type EventV1, eventV1Schema } from "./event-v1";
import { LIMITS } from "./limits";
import { SERVER_FIELDS } from "./stored-event";
import { trimStrings } from "./trim-strings";

export { cutString } from "./trim-strings";

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
