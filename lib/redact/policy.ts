import safeRegex from "safe-regex2";
import { z } from "zod";
import { DETECTOR_IDS, DETECTORS, type Detector } from "./detectors";

/** Key names whose values are secrets whatever they look like (matched on the name's end). */
export const SENSITIVE_KEY_SUFFIXES = [
  "password",
  "passwd",
  "secret",
  "token",
  "apikey",
  "privatekey",
  "accesskey",
  "secretkey",
  "authorization",
  "cookie",
  "credentials",
  "passphrase",
];
const SENSITIVE_KEY_EXACT = ["pwd", "auth", "sessionid"];

export const redactionConfigSchema = z.strictObject({
  disabled: z
    .array(z.string())
    .superRefine((ids, ctx) => {
      for (const id of ids) {
        if (!DETECTOR_IDS.includes(id))
          ctx.addIssue({
            code: "custom",
            message: `unknown detector "${id}"; known: ${DETECTOR_IDS.join(", ")}`,
          });
      }
    })
    .optional(),
  extraSensitiveKeys: z.array(z.string().min(1).max(64)).max(100).optional(),
  custom: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,31}$/, "ids are lowercase letters, digits and '_', up to 32"),
        pattern: z.string().min(1).max(512),
        flags: z.enum(["i", ""]).optional(),
      }),
    )
    .max(50)
    .superRefine((rules, ctx) => {
      rules.forEach((r, i) => {
        try {
          new RegExp(r.pattern, "u");
        } catch (err) {
          ctx.addIssue({
            code: "custom",
            path: [i, "pattern"],
            message: `invalid regular expression: ${(err as Error).message}`,
          });
          return;
        }
        // Tenant patterns run on the ingest hot path: one with catastrophic backtracking would
        // let a single event stall ingestion for everyone.
        if (!safeRegex(r.pattern)) {
          ctx.addIssue({
            code: "custom",
            path: [i, "pattern"],
            message: "pattern may backtrack catastrophically (nested quantifiers); simplify it",
          });
        }
      });
    })
    .optional(),
  allowlist: z.array(z.string().max(1024)).max(1000).optional(),
});

export type RedactionConfig = z.infer<typeof redactionConfigSchema>;

export type CompiledRedactionPolicy = {
  detectors: readonly Detector[];
  isSensitiveKey: (key: string) => boolean;
  allowlist: ReadonlySet<string>;
};

export function compileRedactionPolicy(config: RedactionConfig): CompiledRedactionPolicy {
  const disabled = new Set(config.disabled ?? []);
  const custom: Detector[] = (config.custom ?? []).map((r) => ({
    id: r.id,
    pre: () => true,
    pattern: new RegExp(r.pattern, `gu${r.flags ?? ""}`),
  }));
  const extra = new Set((config.extraSensitiveKeys ?? []).map(normalizeKey));
  const exact = new Set([...SENSITIVE_KEY_EXACT, ...extra]);
  return {
    detectors: [...DETECTORS.filter((d) => !disabled.has(d.id)), ...custom],
    isSensitiveKey: (key) => {
      const k = normalizeKey(key);
      return exact.has(k) || SENSITIVE_KEY_SUFFIXES.some((s) => k.endsWith(s));
    },
    allowlist: new Set(config.allowlist ?? []),
  };
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s.]/g, "");
}

export const DEFAULT_POLICY: CompiledRedactionPolicy = compileRedactionPolicy({});
