import { z } from "zod";
import { LIMITS } from "./limits";

/**
 * Event contract v1: one event per MCP request handled. Field names are snake_case and part of
 * the public API; clients cannot set server-added fields (see stored-event.ts), which is why
 * every object is strict: an unknown key is reported, never silently dropped.
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses RFC 3339 (any fraction; milliseconds kept) or epoch milliseconds to epoch ms. */
export function parseEventTime(value: string | number): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && Number.isInteger(value) ? value : undefined;
  }
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = "", zone = "Z"] = m;
  const ms = frac ? Number(`${frac.slice(1, 4).padEnd(3, "0")}`) : 0;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  // Date.UTC silently rolls 2026-02-31 over into March; a round trip catches it.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  if (zone === "Z" || zone === "z") return base;
  const sign = zone.startsWith("-") ? -1 : 1;
  const offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return base - sign * offset;
}

/** Earliest and latest accepted event times, relative to receipt. */
export const TIME_WINDOW = { minEpochMs: Date.UTC(2000, 0, 1), maxFutureMs: 24 * 3600_000 };

const time = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseEventTime(v);
  if (ms === undefined) {
    ctx.addIssue({
      code: "custom",
      message:
        "must be RFC 3339 with a time zone (e.g. 2026-01-31T12:00:00.123Z) or epoch milliseconds",
    });
    return z.NEVER;
  }
  if (ms < TIME_WINDOW.minEpochMs || ms > Date.now() + TIME_WINDOW.maxFutureMs) {
    ctx.addIssue({
      code: "custom",
      message: "is outside the accepted window (2000-01-01 to now + 24 h)",
    });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

const nonEmpty = z.string().min(1, "must not be empty");
const opt = z.string().optional();

export const OUTCOMES = [
  "ok",
  "error",
  "denied",
  "rate_limited",
  "invalid",
  "timeout",
  "pending_approval",
] as const;
export const VERDICTS = ["allow", "deny", "modify", "warn", "escalate"] as const;
export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export const ACTOR_TYPES = ["user", "agent", "service"] as const;
export const AUTH_METHODS = ["oauth", "api_key", "mtls", "session", "none"] as const;
export const APPROVAL_STATUSES = ["approved", "rejected", "pending"] as const;

/** Any JSON value; depth and size are checked before parsing (see validate.ts). */
const jsonValue: z.ZodType<unknown> = z.unknown();

export const redactionSchema = z.strictObject({
  field: nonEmpty,
  type: nonEmpty,
  count: z.number().int().min(1),
  /** Who redacted: the source (e.g. Guard) or this server ("tooltrail"). */
  by: z.string().optional(),
});

export const eventV1Schema = z
  .strictObject({
    id: z
      .string()
      .min(1, "must not be empty")
      .max(LIMITS.idChars, `must be at most ${LIMITS.idChars} characters`)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
      .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters"),
    time,
    server: z.strictObject({ name: nonEmpty, version: opt, instance: opt }),
    method: nonEmpty.default("tools/call"),
    tool: nonEmpty.optional(),
    resource_uri: opt,
    prompt_name: opt,
    actor: z.strictObject({
      id: nonEmpty,
      type: z.enum(ACTOR_TYPES).optional(),
      name: opt,
      email: opt,
      roles: z.array(z.string()).max(LIMITS.roles).optional(),
      auth: z.enum(AUTH_METHODS).optional(),
      ip: opt,
      user_agent: opt,
    }),
    client: z.strictObject({ name: opt, version: opt }).optional(),
    agent: z.strictObject({ id: opt, name: opt, model: opt }).optional(),
    session_id: opt,
    conversation_id: opt,
    trace_id: opt,
    span_id: opt,
    request_id: opt,
    arguments: jsonValue.optional(),
    outcome: z.enum(OUTCOMES),
    error: z
      .strictObject({ type: opt, code: z.union([z.string(), z.number()]).optional(), message: opt })
      .optional(),
    duration_ms: z
      .number()
      .min(0)
      .max(7 * 24 * 3600_000)
      .optional(),
    result_bytes: z.number().int().min(0).optional(),
    decision: z
      .strictObject({
        verdict: z.enum(VERDICTS),
        policy_id: opt,
        rule_id: opt,
        reason: opt,
      })
      .optional(),
    validation: z
      .strictObject({
        valid: z.boolean(),
        errors: z.array(z.string()).max(LIMITS.validationErrors).optional(),
      })
      .optional(),
    rate_limit: z
      .strictObject({
        limited: z.boolean(),
        key: opt,
        limit: z.number().int().min(0).optional(),
        window_s: z.number().min(0).optional(),
      })
      .optional(),
    approval: z
      .strictObject({ status: z.enum(APPROVAL_STATUSES), by: opt, at: time.optional() })
      .optional(),
    redactions: z.array(redactionSchema).max(LIMITS.redactions).optional(),
    data_classification: z.enum(CLASSIFICATIONS).optional(),
    labels: z
      .record(
        z
          .string()
          .min(1)
          .max(LIMITS.labelKeyChars, `label keys are at most ${LIMITS.labelKeyChars} characters`),
        z.string(),
      )
      .refine((l) => Object.keys(l).length <= LIMITS.labels, {
        message: `at most ${LIMITS.labels} labels`,
      })
      .optional(),
  })
  .superRefine((e, ctx) => {
    if (e.method === "tools/call" && e.tool === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tool"],
        message: "is required when method is tools/call",
      });
    }
  });

/** What a client sends (before defaults and normalisation). */
export type EventV1Input = z.input<typeof eventV1Schema>;
/** A validated event: defaults applied, `time` normalised to ISO 8601 UTC with milliseconds. */
export type EventV1 = z.output<typeof eventV1Schema>;
export type Outcome = (typeof OUTCOMES)[number];
export type Redaction = z.output<typeof redactionSchema>;
