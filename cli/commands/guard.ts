import type { Config } from "../../lib/core/config";
import { helpGate } from "../args";
import { CliError } from "../errors";

/** `tooltrail guard …`: the Guard package's CLI (stdio and HTTP proxies, policy check). */
export async function guardCommand(_config: Config, argv: string[]): Promise<void> {
  const { guardMain, GuardUsageError, GUARD_HELP } = await import("@tooltrail/guard/cli");
  // Guard parses its own flags; the CLI's one help gate still answers first, for every verb.
  helpGate(argv, GUARD_HELP);
  try {
    await guardMain(argv);
  } catch (err) {
    if (err instanceof GuardUsageError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
}
