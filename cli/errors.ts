import { z } from "zod";
import { exitCode, hasCode, isTooltrailError } from "../lib/core/errors";

/**
 * A failure only the CLI has a number for (a usage error, 2; tampering found, 3): one line and
 * an exit code, without a stack trace. Everything else a person can act on is a TooltrailError.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2, tampered: 3, unavailable: 4 } as const;

/**
 * The CLI's one mapping of a failure to its exit code and line (docs/cli.md): its own errors,
 * a zod error as usage (2), and our errors by their code (lib/core/errors.ts#exitCode), except
 * an invalid configuration, which docs/cli.md counts as failed (1), not usage. Anything else is a
 * bug: 1, with its message.
 */
export function cliFailure(err: unknown): { code: number; message: string; unexpected: boolean } {
  if (err instanceof CliError)
    return { code: err.exitCode, message: err.message, unexpected: false };
  if (err instanceof z.ZodError)
    return {
      code: EXIT.usage,
      message: err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n"),
      unexpected: false,
    };
  if (isTooltrailError(err))
    return {
      code: hasCode(err, "config") ? EXIT.failed : exitCode(err),
      message: err.message,
      unexpected: false,
    };
  return {
    code: EXIT.failed,
    message: `unexpected error: ${err instanceof Error ? err.message : String(err)}`,
    unexpected: true,
  };
}
