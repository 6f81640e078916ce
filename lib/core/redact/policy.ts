import { z } from "zod";
import { type CustomPattern, compileCustomPattern, MAX_TENANT_PROGRAM } from "./custom-pattern";
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

const customRuleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, "ids are lowercase letters, digits and '_', up to 32"),
  pattern: z.string().min(1).max(512),
  flags: z.enum(["i", ""]).optional(),
});

/**
 * The shape of a tenant's configuration, without compiling its patterns: what ingestion loads.
 * A rule saved under older rules that no longer compiles is skipped by `compileRedactionPolicy`
 * (and shown in settings) rather than failing the whole configuration, whose other rules stay.
 */
export const storedRedactionConfigSchema = z.strictObject({
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
  custom: z.array(customRuleSchema).max(50).optional(),
  allowlist: z.array(z.string().max(1024)).max(1000).optional(),
});

/** What may be saved: every custom pattern compiles on the linear-time engine, within budget. */
export const redactionConfigSchema = storedRedactionConfigSchema.superRefine((config, ctx) => {
  for (const { index, message } of compileCustomRules(config.custom ?? []).problems)
    ctx.addIssue({ code: "custom", path: ["custom", index, "pattern"], message });
});

export type RedactionConfig = z.infer<typeof redactionConfigSchema>;

export type CustomDetector = { id: string; pattern: CustomPattern };

export type CompiledRedactionPolicy = {
  /** Built-in detectors, on V8's RegExp. */
  detectors: readonly Detector[];
  /** The tenant's own patterns, on the linear-time engine; they run after the built-ins. */
  custom: readonly CustomDetector[];
  /** Saved custom rules that cannot run (see `storedRedactionConfigSchema`). */
  skipped: readonly { id: string; message: string }[];
  isSensitiveKey: (key: string) => boolean;
  allowlist: ReadonlySet<string>;
};

/** Never throws: a rule that does not compile is listed in `skipped` and the rest applies. */
export function compileRedactionPolicy(config: RedactionConfig): CompiledRedactionPolicy {
  const disabled = new Set(config.disabled ?? []);
  const rules = config.custom ?? [];
  const { compiled, problems } = compileCustomRules(rules);
  const extra = new Set((config.extraSensitiveKeys ?? []).map(normalizeKey));
  const exact = new Set([...SENSITIVE_KEY_EXACT, ...extra]);
  return {
    detectors: DETECTORS.filter((d) => !disabled.has(d.id)),
    custom: compiled,
    skipped: problems.map((p) => ({ id: rules[p.index]?.id ?? "", message: p.message })),
    isSensitiveKey: (key) => {
      const k = normalizeKey(key);
      return exact.has(k) || SENSITIVE_KEY_SUFFIXES.some((s) => k.endsWith(s));
    },
    allowlist: new Set(config.allowlist ?? []),
  };
}

type CustomRule = z.infer<typeof customRuleSchema>;

function compileCustomRules(rules: readonly CustomRule[]) {
  const compiled: CustomDetector[] = [];
  const problems: { index: number; message: string }[] = [];
  let program = 0;
  rules.forEach((r, index) => {
    const c = compileCustomPattern(r.pattern, r.flags ?? "");
    if (!c.ok) problems.push({ index, message: c.message });
    else if (program + c.pattern.programSize > MAX_TENANT_PROGRAM)
      problems.push({
        index,
        message: `the rules before it and this one compile to more than ${MAX_TENANT_PROGRAM} instructions in all (this one: ${c.pattern.programSize}); simplify or merge rules`,
      });
    else {
      program += c.pattern.programSize;
      compiled.push({ id: r.id, pattern: c.pattern });
    }
  });
  return { compiled, problems };
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s.]/g, "");
}

export const DEFAULT_POLICY: CompiledRedactionPolicy = compileRedactionPolicy({});
