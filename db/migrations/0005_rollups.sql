CREATE TABLE "rollup_hourly" (
	"tenant_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"server_name" text DEFAULT '' NOT NULL,
	"tool" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"verdict" text DEFAULT '' NOT NULL,
	"policy_id" text DEFAULT '' NOT NULL,
	"data_classification" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_hourly_tenant_id_hour_server_name_tool_outcome_verdict_policy_id_data_classification_pk" PRIMARY KEY("tenant_id","hour","server_name","tool","outcome","verdict","policy_id","data_classification")
);
--> statement-breakpoint
CREATE TABLE "rollup_hourly_actors" (
	"tenant_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"actor_id" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_hourly_actors_tenant_id_hour_actor_id_outcome_pk" PRIMARY KEY("tenant_id","hour","actor_id","outcome")
);
--> statement-breakpoint
CREATE TABLE "rollup_hourly_clients" (
	"tenant_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"client_name" text DEFAULT '' NOT NULL,
	"agent_id" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_hourly_clients_tenant_id_hour_client_name_agent_id_outcome_pk" PRIMARY KEY("tenant_id","hour","client_name","agent_id","outcome")
);
--> statement-breakpoint
-- Rollups follow every insert into and delete from events, in the same transaction (statement
-- triggers over transition tables: one grouped upsert per statement, in key order so concurrent
-- writers lock rows in the same order).
CREATE OR REPLACE FUNCTION tooltrail_rollup_hourly_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_hourly AS r (tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification, n, redactions)
  SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(server_name, ''), coalesce(tool, ''), coalesce(outcome, ''), coalesce(verdict, ''), coalesce(policy_id, ''), coalesce(data_classification, ''), count(*), coalesce(sum(redaction_count), 0)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_hourly_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_hourly AS r (tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification, n, redactions)
  SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(server_name, ''), coalesce(tool, ''), coalesce(outcome, ''), coalesce(verdict, ''), coalesce(policy_id, ''), coalesce(data_classification, ''), -count(*), -coalesce(sum(redaction_count), 0)
  FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_hourly_ins AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_hourly_ins();
--> statement-breakpoint
CREATE TRIGGER rollup_hourly_del AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_hourly_del();
--> statement-breakpoint
INSERT INTO rollup_hourly (tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(server_name, ''), coalesce(tool, ''), coalesce(outcome, ''), coalesce(verdict, ''), coalesce(policy_id, ''), coalesce(data_classification, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_hourly_clients_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_hourly_clients AS r (tenant_id, hour, client_name, agent_id, outcome, n, redactions)
  SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(client_name, ''), coalesce(agent_id, ''), coalesce(outcome, ''), count(*), coalesce(sum(redaction_count), 0)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (tenant_id, hour, client_name, agent_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_hourly_clients_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_hourly_clients AS r (tenant_id, hour, client_name, agent_id, outcome, n, redactions)
  SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(client_name, ''), coalesce(agent_id, ''), coalesce(outcome, ''), -count(*), -coalesce(sum(redaction_count), 0)
  FROM old_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (tenant_id, hour, client_name, agent_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_hourly_clients_ins AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_hourly_clients_ins();
--> statement-breakpoint
CREATE TRIGGER rollup_hourly_clients_del AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_hourly_clients_del();
--> statement-breakpoint
INSERT INTO rollup_hourly_clients (tenant_id, hour, client_name, agent_id, outcome, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(client_name, ''), coalesce(agent_id, ''), coalesce(outcome, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_hourly_actors_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_hourly_actors AS r (tenant_id, hour, actor_id, outcome, n, redactions)
  SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(actor_id, ''), coalesce(outcome, ''), count(*), coalesce(sum(redaction_count), 0)
  FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (tenant_id, hour, actor_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_hourly_actors_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_hourly_actors AS r (tenant_id, hour, actor_id, outcome, n, redactions)
  SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(actor_id, ''), coalesce(outcome, ''), -count(*), -coalesce(sum(redaction_count), 0)
  FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (tenant_id, hour, actor_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_hourly_actors_ins AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_hourly_actors_ins();
--> statement-breakpoint
CREATE TRIGGER rollup_hourly_actors_del AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_hourly_actors_del();
--> statement-breakpoint
INSERT INTO rollup_hourly_actors (tenant_id, hour, actor_id, outcome, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(actor_id, ''), coalesce(outcome, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4;
