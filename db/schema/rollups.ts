import { bigint, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * Hourly counts kept by triggers on `events` (see the migration that creates them): inserts add,
 * deletes (retention) subtract, in the same transaction as the change. Dimensions as in
 * db/store/rollups.ts; a missing value is '' (the contract forbids empty strings there).
 */
const key = (name: string) => text(name).notNull().default("");
const counts = {
  tenantId: text("tenant_id").notNull(),
  hour: bigint("hour", { mode: "number" }).notNull(),
  n: bigint("n", { mode: "number" }).notNull(),
  redactions: bigint("redactions", { mode: "number" }).notNull(),
};

export const rollupHourly = pgTable(
  "rollup_hourly",
  {
    ...counts,
    serverName: key("server_name"),
    tool: key("tool"),
    outcome: key("outcome"),
    verdict: key("verdict"),
    policyId: key("policy_id"),
    dataClassification: key("data_classification"),
  },
  (t) => [
    primaryKey({
      columns: [
        t.tenantId,
        t.hour,
        t.serverName,
        t.tool,
        t.outcome,
        t.verdict,
        t.policyId,
        t.dataClassification,
      ],
    }),
  ],
);

export const rollupHourlyClients = pgTable(
  "rollup_hourly_clients",
  { ...counts, clientName: key("client_name"), agentId: key("agent_id"), outcome: key("outcome") },
  (t) => [primaryKey({ columns: [t.tenantId, t.hour, t.clientName, t.agentId, t.outcome] })],
);

export const rollupHourlyActors = pgTable(
  "rollup_hourly_actors",
  { ...counts, actorId: key("actor_id"), outcome: key("outcome") },
  (t) => [primaryKey({ columns: [t.tenantId, t.hour, t.actorId, t.outcome] })],
);

/*
 * Daily twins of the hourly rollups (`day` = UTC days since the epoch), a small hourly/daily
 * rollup of the low-cardinality controls alone, and duration histograms (bucket as in
 * db/store/duration-buckets.ts): together they answer 7- and 30-day reads from a few thousand
 * rows (db/store/tiers.ts). Kept by the same kind of triggers as the hourly ones.
 */
const daily = {
  tenantId: text("tenant_id").notNull(),
  day: bigint("day", { mode: "number" }).notNull(),
  n: bigint("n", { mode: "number" }).notNull(),
  redactions: bigint("redactions", { mode: "number" }).notNull(),
};
const outcomeKeys = {
  outcome: key("outcome"),
  verdict: key("verdict"),
  policyId: key("policy_id"),
};

export const rollupHourlyOutcomes = pgTable(
  "rollup_hourly_outcomes",
  { ...counts, ...outcomeKeys },
  (t) => [primaryKey({ columns: [t.tenantId, t.hour, t.outcome, t.verdict, t.policyId] })],
);

export const rollupDailyOutcomes = pgTable(
  "rollup_daily_outcomes",
  { ...daily, ...outcomeKeys },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.outcome, t.verdict, t.policyId] })],
);

export const rollupDaily = pgTable(
  "rollup_daily",
  {
    ...daily,
    serverName: key("server_name"),
    tool: key("tool"),
    outcome: key("outcome"),
    verdict: key("verdict"),
    policyId: key("policy_id"),
    dataClassification: key("data_classification"),
  },
  (t) => [
    primaryKey({
      columns: [
        t.tenantId,
        t.day,
        t.serverName,
        t.tool,
        t.outcome,
        t.verdict,
        t.policyId,
        t.dataClassification,
      ],
    }),
  ],
);

export const rollupDailyClients = pgTable(
  "rollup_daily_clients",
  { ...daily, clientName: key("client_name"), agentId: key("agent_id"), outcome: key("outcome") },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.clientName, t.agentId, t.outcome] })],
);

export const rollupDailyActors = pgTable(
  "rollup_daily_actors",
  { ...daily, actorId: key("actor_id"), outcome: key("outcome") },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.actorId, t.outcome] })],
);

/** Events with a duration per histogram bucket (0..431, see db/store/duration-buckets.ts). */
export const rollupHourlyDurations = pgTable(
  "rollup_hourly_durations",
  {
    tenantId: text("tenant_id").notNull(),
    hour: bigint("hour", { mode: "number" }).notNull(),
    bucket: integer("bucket").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.hour, t.bucket] })],
);

export const rollupDailyDurations = pgTable(
  "rollup_daily_durations",
  {
    tenantId: text("tenant_id").notNull(),
    day: bigint("day", { mode: "number" }).notNull(),
    bucket: integer("bucket").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.bucket] })],
);
