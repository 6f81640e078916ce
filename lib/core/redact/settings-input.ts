import {
  compileRedactionPolicy,
  type RedactionConfig,
  redactionConfigSchema,
  storedRedactionConfigSchema,
} from "./policy";

export type RedactionSettingsInput =
  | { ok: true; config: RedactionConfig }
  | { ok: false; message: string };

/** The settings form's JSON, as a person typed it: the first problem, in words, or the config. */
export function parseRedactionSettings(text: string): RedactionSettingsInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: "The configuration is not valid JSON." };
  }
  const config = redactionConfigSchema.safeParse(parsed);
  if (config.success) return { ok: true, config: config.data };
  const i = config.error.issues[0];
  return { ok: false, message: `${i?.path.join(".") || "input"}: ${i?.message ?? "invalid"}` };
}

/**
 * Custom rules of a saved configuration that ingestion skips (saved before patterns ran on the
 * linear-time engine), for the settings page to show; empty when every rule runs.
 */
export function invalidCustomRules(stored: unknown): { id: string; message: string }[] {
  const config = storedRedactionConfigSchema.safeParse(stored ?? {});
  if (!config.success)
    return [
      {
        id: "(configuration)",
        message: "the saved configuration does not validate: ingestion uses the defaults",
      },
    ];
  return [...compileRedactionPolicy(config.data).skipped];
}
