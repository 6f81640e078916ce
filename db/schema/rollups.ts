import { bigint, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

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
