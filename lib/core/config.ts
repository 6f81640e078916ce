import { resolve } from "node:path";
import { z } from "zod";
import { LIMITS } from "./contract/limits";
import { TooltrailError } from "./errors";

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .default("false")
  .transform((v) => v === "true" || v === "1" || v === "yes");

/**
 * Every environment variable Tooltrail reads, validated once. The README's configuration table
 * mirrors this schema; `tooltrail` commands and both servers read the same values.
 */
export const configSchema = z.object({
  PORT: int(3000, 0),
  HOST: z.string().default("127.0.0.1"),
  INGEST_PORT: int(3001, 0),
  INGEST_HOST: z.string().default("127.0.0.1"),
  /** OTLP/HTTP port of the standalone ingest server (4318 is OTLP's); `off` serves OTLP only on INGEST_PORT. */
  OTLP_PORT: z.union([z.literal("off"), z.coerce.number().int().min(0).max(65_535)]).default(4318),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: int(10, 1),
  CLICKHOUSE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and '_' only")
    .default("tooltrail"),
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and '_' only")
    .optional(),
  CLICKHOUSE_FLUSH_MS: int(1000, 10),
  CLICKHOUSE_MAX_INSERT_EVENTS: int(100_000, 100),
  TOOLTRAIL_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  WRITER_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, '.', '_' and '-' only, at most 64")
    .optional(),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  ALLOW_INSECURE_INGEST: bool,
  TRUSTED_PROXIES: z.string().default("127.0.0.1,::1"),
  GROUP_COMMIT_MAX_EVENTS: int(2000, 1),
  GROUP_COMMIT_MAX_WAIT_MS: int(4, 0),
  MAX_PENDING_EVENTS: int(50_000, 1),
  /** Worker threads that parse, validate, redact and hash; default: cores - 1 (0 = inline). */
  INGEST_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  MAX_EVENT_BYTES: int(LIMITS.eventBytes, 1024),
  MAX_BATCH_EVENTS: int(LIMITS.batchEvents, 1),
  MAX_BODY_BYTES: int(LIMITS.bodyBytes, 1024),
  /**
   * Request bodies buffered at once, across the ingest routes: bytes as they arrive whatever the
   * framing (a declared Content-Length up front), gzip's output while inflating, at least 64 KiB
   * a request. Past it requests get 503 with Retry-After.
   */
  MAX_INFLIGHT_BODY_BYTES: int(256 * 1024 * 1024, 1024),
  SPOOL_MAX_BYTES: int(1024 * 1024 * 1024, 0),
  QUARANTINE_MAX_PER_TENANT: int(100_000, 1),
  DEFAULT_KEY_RATE: int(5_000, 1),
  DEFAULT_KEY_BURST: int(20_000, 1),
  /** Let notification destinations resolve to loopback, private or link-local addresses (SSRF guard off). */
  NOTIFY_ALLOW_PRIVATE_DESTINATIONS: bool,
  /** How often `npm start` evaluates anomaly detection for every tenant; 0 leaves it to `tooltrail detect run`. */
  DETECTION_INTERVAL_SECONDS: int(60, 0),
  /** How often `npm start` applies access reviews' due-date policy for every tenant; 0 leaves it to `tooltrail reviews due`. */
  REVIEW_DUE_INTERVAL_SECONDS: int(900, 0),
});

export type Config = z.infer<typeof configSchema> & {
  dataDir: string;
  store: "pglite" | "postgres";
};

export class ConfigError extends TooltrailError {
  constructor(message: string) {
    super("config", message);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  if ((c.TLS_CERT_FILE === undefined) !== (c.TLS_KEY_FILE === undefined)) {
    throw new ConfigError(
      "invalid configuration: set both TLS_CERT_FILE and TLS_KEY_FILE, or neither",
    );
  }
  return { ...c, dataDir: resolve(c.DATA_DIR), store: c.DATABASE_URL ? "postgres" : "pglite" };
}
