import type { Config } from "../../lib/core/config";
import { CliError } from "../errors";

/** `tooltrail guard …`: the Guard package's CLI (stdio and HTTP proxies, policy check). */
export async function guardCommand(_config: Config, argv: string[]): Promise<void> {
  const { guardMain, GuardUsageError } = await import("@tooltrail/guard/cli");
  try {
    await guardMain(argv);
  } catch (err) {
    if (err instanceof GuardUsageError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
}
