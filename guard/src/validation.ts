import { createHash } from "node:crypto";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import safeRegex from "safe-regex2";
import { checkConstraints } from "./policy/constraints";
import type { ArgConstraint } from "./policy/schema";

const MAX_ERRORS = 32;

/**
 * Tool schemas come from the server and their `pattern`s run on every call: one that can
 * backtrack catastrophically would let a hostile server (or a hostile argument against a sloppy
 * schema) stall Guard. Such schemas are refused when compiled, with the pattern named.
 */
const safeRegExp = Object.assign(
  (pattern: string, flags: string) => {
    if (!safeRegex(pattern))
      throw new Error(`pattern ${JSON.stringify(pattern)} may backtrack catastrophically`);
    return new RegExp(pattern, flags);
  },
  { code: "safeRegExp" },
);
const AJV_OPTIONS = { strict: false, allErrors: true, code: { regExp: safeRegExp } } as const;

type Compiled = { validate?: ValidateFunction; error?: string };

/**
 * Validates `tools/call` arguments against the tool's own `inputSchema` (as the server
 * advertised it) and the policy's business rules. Compiled validators are cached by schema
 * hash, so a server that re-lists its tools costs nothing.
 */
export class InputValidator {
  private readonly draft7 = addFormats(new Ajv(AJV_OPTIONS));
  private readonly draft2020 = addFormats(new Ajv2020(AJV_OPTIONS));
  private readonly cache = new Map<string, Compiled>();
  private readonly regexes = new Map<string, RegExp>();

  validate(
    inputSchema: unknown,
    args: unknown,
    rules: Record<string, ArgConstraint> | undefined,
  ): string[] {
    if (args !== undefined && (args === null || typeof args !== "object" || Array.isArray(args)))
      return ["arguments: must be an object"];
    const obj = (args ?? {}) as Record<string, unknown>;
    const errors: string[] = [];
    if (inputSchema !== undefined) {
      const c = this.compile(inputSchema);
      if (c.error) errors.push(c.error);
      else if (c.validate && !c.validate(obj)) {
        for (const e of c.validate.errors ?? []) {
          const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "arguments";
          const extra =
            e.keyword === "additionalProperties"
              ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
              : "";
          errors.push(`${where}: ${e.message ?? e.keyword}${extra}`);
        }
      }
    }
    if (rules) errors.push(...checkConstraints(obj, rules, this.regexes));
    return errors.slice(0, MAX_ERRORS);
  }

  private compile(schema: unknown): Compiled {
    const key = createHash("sha256").update(JSON.stringify(schema)).digest("base64");
    let c = this.cache.get(key);
    if (c) return c;
    try {
      const is2020 =
        typeof schema === "object" &&
        schema !== null &&
        String((schema as { $schema?: unknown }).$schema ?? "").includes("2020-12");
      const ajv = is2020 ? this.draft2020 : this.draft7;
      // Without removing $schema, draft-07 Ajv refuses schemas that declare another draft.
      const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
      c = { validate: ajv.compile(is2020 ? (schema as object) : rest) };
    } catch (err) {
      // A tool whose schema cannot be compiled cannot be validated: refuse rather than guess.
      c = { error: `the tool's inputSchema is not valid JSON Schema: ${(err as Error).message}` };
    }
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, c);
    return c;
  }
}
