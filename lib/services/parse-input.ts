import type { z } from "zod";
import { TooltrailError } from "../core/errors";

/**
 * Validates a service's input: a failure is an `invalid-input` error naming the first field at
 * fault ("expires: auditors need an access end date"), which every entry point shows as it is.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new TooltrailError(
    "invalid-input",
    `${i?.path.join(".") || "input"}: ${i?.message ?? "invalid"}`,
  );
}
