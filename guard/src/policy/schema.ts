import safeRegex from "safe-regex2";
import { z } from "zod";
import { redactionConfigSchema } from "../shared";

/**
 * The policy file (YAML or JSON). Every object is strict: a misspelt key is an error with its
 * line, never a silently ignored control.
 */

export const CLASSIFICATION_ORDER = ["public", "internal", "confidential", "restricted"] as const;
export type Classification = (typeof CLASSIFICATION_ORDER)[number];
const classification = z.enum(CLASSIFICATION_ORDER);

const safePattern = z
  .string()
  .min(1)
  .max(512)
  .superRefine((p, ctx) => {
    try {
      new RegExp(p, "u");
    } catch (err) {
      ctx.addIssue({
        code: "custom",
        message: `invalid regular expression: ${(err as Error).message}`,
      });
      return;
    }
    // Patterns run on every call: one that backtracks catastrophically is a denial of service.
    if (!safeRegex(p))
      ctx.addIssue({
        code: "custom",
        message: "pattern may backtrack catastrophically (nested quantifiers); simplify it",
      });
  });

/** A constraint on one argument, used by business rules and by rule conditions. */
export const argConstraintSchema = z.strictObject({
  /** Allowed path prefixes; the value is normalised first, so `..` cannot escape them. */
  prefix: z.array(z.string().min(1)).min(1).optional(),
  pattern: safePattern.optional(),
  enum: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .min(1)
    .optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  max_length: z.number().int().min(0).optional(),
  required: z.boolean().optional(),
});
export type ArgConstraint = z.infer<typeof argConstraintSchema>;

const rateSchema = z.strictObject({
  /** Calls allowed per window (the bucket's size and refill). */
  limit: z.number().int().min(1),
  window_s: z.number().positive().default(60),
});
export type RateSpec = z.infer<typeof rateSchema>;

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24 h)");
const timeWindowSchema = z
  .strictObject({
    days: z.array(z.enum(DAYS)).min(1).optional(),
    from: hhmm.optional(),
    to: hhmm.optional(),
    tz: z
      .string()
      .default("UTC")
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en-GB", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "unknown IANA time zone"),
  })
  .refine((t) => (t.from === undefined) === (t.to === undefined), "give both from and to");
export type TimeWindow = z.infer<typeof timeWindowSchema>;

const glob = z.string().min(1).max(256);

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, "ids are letters, digits, _ . : -"),
  description: z.string().optional(),
  effect: z.enum(["allow", "deny", "escalate"]),
  /** The caller must hold at least one of these roles (omitted: any caller). */
  roles: z.array(z.string()).min(1).optional(),
  actors: z.array(z.string()).min(1).optional(),
  /** Identity attributes (e.g. JWT claims) that must hold one of the listed values. */
  attributes: z.record(z.string(), z.array(z.string()).min(1)).optional(),
  servers: z.array(glob).min(1).optional(),
  /** Tool names; `*` matches any run of characters. */
  tools: z.array(glob).min(1).optional(),
  /** MCP methods other than tools/call (e.g. resources/read); default tools/call only. */
  methods: z.array(z.string()).min(1).optional(),
  where: z.record(z.string(), argConstraintSchema).optional(),
  time: timeWindowSchema.optional(),
  /** The rule applies only to tools classified at most this level. */
  max_classification: classification.optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

export const toolPolicySchema = z.strictObject({
  sensitive: z.boolean().default(false),
  classification: classification.optional(),
  args: z.record(z.string(), argConstraintSchema).optional(),
  rate_limit: rateSchema.optional(),
  max_result_bytes: z.number().int().min(0).optional(),
  /** Shorthand for an `escalate` rule: every call waits for a person. */
  approval: z.boolean().default(false),
});
export type ToolPolicy = z.infer<typeof toolPolicySchema>;

const identitySchema = z.strictObject({
  id: z.string().min(1),
  type: z.enum(["user", "agent", "service"]).default("user"),
  name: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).default([]),
  attributes: z.record(z.string(), z.string()).optional(),
});

const authSchema = z.strictObject({
  jwt: z
    .strictObject({
      jwks_uri: z.url(),
      issuer: z.string().min(1),
      audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
      roles_claim: z.string().default("roles"),
      algorithms: z.array(z.string()).optional(),
      clock_tolerance_s: z.number().min(0).max(300).default(30),
    })
    .optional(),
  api_keys: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        /** SHA-256 (hex) of the key: the policy file never holds the secret itself. */
        sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters"),
        roles: z.array(z.string()).default([]),
        type: z.enum(["user", "agent", "service"]).default("service"),
      }),
    )
    .optional(),
});

export const policySchema = z
  .strictObject({
    version: z.literal(1),
    id: z.string().min(1).max(256),
    server: z.strictObject({ name: z.string().min(1).optional() }).optional(),
    identity: identitySchema.optional(),
    auth: authSchema.optional(),
    rules: z.array(ruleSchema).default([]),
    tools: z.record(z.string(), toolPolicySchema).default({}),
    rate_limits: z
      .strictObject({ per_user: rateSchema.optional(), per_tool: rateSchema.optional() })
      .default({}),
    output: z
      .strictObject({
        redact: z.boolean().default(true),
        redaction: redactionConfigSchema.default({}),
        max_result_bytes: z
          .number()
          .int()
          .min(0)
          .default(1024 * 1024),
        oversize: z.enum(["truncate", "refuse"]).default("truncate"),
        injection: z.enum(["warn", "strip", "block"]).default("warn"),
      })
      .default({
        redact: true,
        redaction: {},
        max_result_bytes: 1024 * 1024,
        oversize: "truncate",
        injection: "warn",
      }),
    pinning: z
      .strictObject({ on_change: z.enum(["warn", "deny"]).default("warn") })
      .default({ on_change: "warn" }),
    logging: z
      .strictObject({
        /** What happens when the audit event cannot be recorded. Default: closed for sensitive tools only. */
        fail: z.enum(["open", "closed", "sensitive-closed"]).default("sensitive-closed"),
        timeout_ms: z.number().int().min(1).max(60_000).default(2000),
      })
      .default({ fail: "sensitive-closed", timeout_ms: 2000 }),
    approval: z
      .strictObject({ timeout_s: z.number().positive().max(3600).default(300) })
      .default({ timeout_s: 300 }),
    /**
     * Revocations from Tooltrail's access reviews: how often Guard pulls its server's list and
     * reports the version it enforces (the CLI's --revocations-interval overrides pull_interval_s).
     */
    revocations: z
      .strictObject({
        pull_interval_s: z.number().min(1).max(86_400).default(30),
        heartbeat_s: z.number().min(1).max(86_400).default(60),
      })
      .default({ pull_interval_s: 30, heartbeat_s: 60 }),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "id"],
          message: `duplicate rule id "${r.id}"`,
        });
      seen.add(r.id);
    });
  });

export type Policy = z.output<typeof policySchema>;
export type Identity = z.output<typeof identitySchema> & { auth?: "oauth" | "api_key" | "none" };
