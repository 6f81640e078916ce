import type { Config } from "../../lib/core/config";
import { readLock } from "../../lib/runtime/data-dir-lock";
import { withStore } from "../admin-client";
import { flags } from "../args";
import { printJson, say } from "../output";

const HELP =
  "usage: tooltrail migrate [--json]\n  Applies pending schema migrations (servers also do this when they start).";

export async function migrateCommand(config: Config, argv: string[]): Promise<void> {
  const { values } = flags(argv, {}, HELP);
  if (config.store === "pglite" && readLock(config.dataDir)) {
    // The running server applied migrations when it started and owns the directory now.
    const result = { store: config.store, migrated: true, by: "running server" };
    return values.json
      ? printJson(result)
      : say("the running server already applied all migrations");
  }
  await withStore(config, async () => {});
  return values.json
    ? printJson({ store: config.store, migrated: true })
    : say(`migrations applied (${config.store})`);
}
