import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "./errors";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `--help` or `-h` anywhere before `--`: the command's usage is wanted, not its work. A thrown
 * signal rather than a flag the command must check, so no command can forget it (cli/main.ts
 * prints it and exits 0; cli/help.test.ts runs every command and subcommand with it).
 */
export class HelpRequested extends CliError {
  constructor(readonly usage: string) {
    super(usage, 0);
  }
}

export function asksForHelp(argv: string[]): boolean {
  const own = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  return own.some((a) => a === "--help" || a === "-h");
}

/** Throws HelpRequested when the arguments ask for help; every command's parser goes through it. */
export function helpGate(argv: string[], help: string): void {
  if (asksForHelp(argv)) throw new HelpRequested(help);
}

/**
 * Parses a command's flags; an unknown flag is a usage error with the command's help. Help is
 * answered before parsing, so `--help` wins over any other mistake on the line.
 */
export function flags<O extends Options>(argv: string[], options: O, help: string) {
  helpGate(argv, help);
  try {
    return parseArgs({
      args: argv,
      // `help` stays declared so `values.help` type-checks in a command that reads it; the gate
      // above has answered before any command could see it set.
      options: { ...options, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${help}`, 2);
  }
}

export function required(value: string | undefined, name: string, help: string): string {
  if (!value) throw new CliError(`missing --${name}\n\n${help}`, 2);
  return value;
}

export function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`--${name} must be a non-negative integer, got ${value}`, 2);
  return n;
}

export function listFlag(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Accepts ISO 8601 or a relative age like 15m, 24h, 7d. */
export function timeFlag(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+)([smhd])$/.exec(value);
  if (rel) {
    const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[rel[2] as "s" | "m" | "h" | "d"];
    return new Date(Date.now() - Number(rel[1]) * unit).toISOString();
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new CliError(
      `--${name} must be an ISO time (2026-01-31T00:00:00Z) or an age like 24h or 7d`,
      2,
    );
  return new Date(ms).toISOString();
}
