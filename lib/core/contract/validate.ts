import type { z } from "zod";
import { type EventV1, eventV1Schema } from "./event-v1";
import { inspectEvent } from "./inspect-event";
import { LIMITS } from "./limits";
import { SERVER_FIELDS } from "./stored-event";
import { trimStrings } from "./trim-strings";
import { storable } from "./well-formed";

export { cutString } from "./trim-strings";

export type ContractIssue = { path: string; message: string };

export type ValidationResult =
  | { ok: true; event: EventV1; truncated: string[]; replaced: string[] }
  | { ok: false; errors: ContractIssue[]; id: string | null };

export type ValidationLimits = { eventBytes: number };

/**
 * Validates one decoded event. `bytes` is its serialized size (the NDJSON line, or the element's
 * JSON for arrays); limits are checked before the schema so oversized input costs little.
 * `replaced` lists the strings repaired to be storable (see inspect-event.ts); `raw` itself is
 * never changed.
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
  for (const key of SERVER_FIELDS) {
    if (key in raw) return reject(id, key, "is set by the server and may not be sent");
  }
  const inspected = inspectEvent(raw as Record<string, unknown>);
  if (!inspected.ok) return { ok: false, id, errors: inspected.errors };
  const record = inspected.event;
  if (record.arguments !== undefined) {
    // Depth is bounded now (inspectEvent), so stringifying cannot exhaust the stack.
    const size = Buffer.byteLength(JSON.stringify(record.arguments) ?? "");
    if (size > LIMITS.argumentsBytes)
      return reject(
        id,
        "arguments",
        `is ${size} bytes; the limit is ${LIMITS.argumentsBytes} bytes`,
      );
  }
  const parsed = eventV1Schema.safeParse(record);
  if (!parsed.success)
    return { ok: false, id, errors: parsed.error.issues.map((i) => toIssue(i, record)) };
  const truncated: string[] = [];
  trimStrings(parsed.data, truncated);
  return { ok: true, event: parsed.data, truncated, replaced: inspected.replaced };
}

function reject(id: string | null, path: string, message: string): ValidationResult {
  return { ok: false, id, errors: [{ path, message }] };
}

/** The id as far as it can be told, for rejections and quarantine: storable, like every string kept. */
function peekId(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === "string" ? storable(id.slice(0, LIMITS.idChars)) : null;
}

function toIssue(issue: z.core.$ZodIssue, record: unknown): ContractIssue {
  const path = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
  let message = issue.message;
  if (issue.code === "unrecognized_keys") message = `unknown field(s): ${issue.keys.join(", ")}`;
  else if (issue.code === "invalid_type" && message.includes("received undefined"))
    message = "is required";
  // A missing field failing a union or an enum said "Invalid input" or "Invalid option": say it
  // is missing, and keep what is expected when zod named it.
  else if (issue.code !== "custom" && valueAt(record, issue.path) === undefined) {
    const expected = /expected (one of .*)$/.exec(message)?.[1];
    message = expected ? `is required: ${expected}` : "is required";
  }
  return { path, message };
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let v = record;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
