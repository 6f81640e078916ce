CREATE TABLE "rollup_daily" (
	"tenant_id" text NOT NULL,
	"day" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"server_name" text DEFAULT '' NOT NULL,
	"tool" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"verdict" text DEFAULT '' NOT NULL,
	"policy_id" text DEFAULT '' NOT NULL,
	"data_classification" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_daily_tenant_id_day_server_name_tool_outcome_verdict_policy_id_data_classification_pk" PRIMARY KEY("tenant_id","day","server_name","tool","outcome","verdict","policy_id","data_classification")
);
--> statement-breakpoint
CREATE TABLE "rollup_daily_actors" (
	"tenant_id" text NOT NULL,
	"day" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"actor_id" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_daily_actors_tenant_id_day_actor_id_outcome_pk" PRIMARY KEY("tenant_id","day","actor_id","outcome")
);
--> statement-breakpoint
CREATE TABLE "rollup_daily_clients" (
	"tenant_id" text NOT NULL,
	"day" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"client_name" text DEFAULT '' NOT NULL,
	"agent_id" text DEFAULT '' NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_daily_clients_tenant_id_day_client_name_agent_id_outcome_pk" PRIMARY KEY("tenant_id","day","client_name","agent_id","outcome")
);
--> statement-breakpoint
CREATE TABLE "rollup_daily_durations" (
	"tenant_id" text NOT NULL,
	"day" bigint NOT NULL,
	"bucket" integer NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "rollup_daily_durations_tenant_id_day_bucket_pk" PRIMARY KEY("tenant_id","day","bucket")
);
--> statement-breakpoint
CREATE TABLE "rollup_daily_outcomes" (
	"tenant_id" text NOT NULL,
	"day" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"verdict" text DEFAULT '' NOT NULL,
	"policy_id" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_daily_outcomes_tenant_id_day_outcome_verdict_policy_id_pk" PRIMARY KEY("tenant_id","day","outcome","verdict","policy_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_hourly_durations" (
	"tenant_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"bucket" integer NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "rollup_hourly_durations_tenant_id_hour_bucket_pk" PRIMARY KEY("tenant_id","hour","bucket")
);
--> statement-breakpoint
CREATE TABLE "rollup_hourly_outcomes" (
	"tenant_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"n" bigint NOT NULL,
	"redactions" bigint NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"verdict" text DEFAULT '' NOT NULL,
	"policy_id" text DEFAULT '' NOT NULL,
	CONSTRAINT "rollup_hourly_outcomes_tenant_id_hour_outcome_verdict_policy_id_pk" PRIMARY KEY("tenant_id","hour","outcome","verdict","policy_id")
);
--> statement-breakpoint
-- The duration histogram's bucket: how many thresholds are <= the duration. The thresholds are
-- DURATION_THRESHOLDS of db/store/duration-buckets.ts (a test checks that they agree).
CREATE OR REPLACE FUNCTION tooltrail_duration_bucket(ms double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT width_bucket(ms, '{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,34,36,38,40,42,44,46,48,50,52,54,56,58,60,62,64,68,72,76,80,84,88,92,96,100,104,108,112,116,120,124,128,136,144,152,160,168,176,184,192,200,208,216,224,232,240,248,256,272,288,304,320,336,352,368,384,400,416,432,448,464,480,496,512,544,576,608,640,672,704,736,768,800,832,864,896,928,960,992,1024,1088,1152,1216,1280,1344,1408,1472,1536,1600,1664,1728,1792,1856,1920,1984,2048,2176,2304,2432,2560,2688,2816,2944,3072,3200,3328,3456,3584,3712,3840,3968,4096,4352,4608,4864,5120,5376,5632,5888,6144,6400,6656,6912,7168,7424,7680,7936,8192,8704,9216,9728,10240,10752,11264,11776,12288,12800,13312,13824,14336,14848,15360,15872,16384,17408,18432,19456,20480,21504,22528,23552,24576,25600,26624,27648,28672,29696,30720,31744,32768,34816,36864,38912,40960,43008,45056,47104,49152,51200,53248,55296,57344,59392,61440,63488,65536,69632,73728,77824,81920,86016,90112,94208,98304,102400,106496,110592,114688,118784,122880,126976,131072,139264,147456,155648,163840,172032,180224,188416,196608,204800,212992,221184,229376,237568,245760,253952,262144,278528,294912,311296,327680,344064,360448,376832,393216,409600,425984,442368,458752,475136,491520,507904,524288,557056,589824,622592,655360,688128,720896,753664,786432,819200,851968,884736,917504,950272,983040,1015808,1048576,1114112,1179648,1245184,1310720,1376256,1441792,1507328,1572864,1638400,1703936,1769472,1835008,1900544,1966080,2031616,2097152,2228224,2359296,2490368,2621440,2752512,2883584,3014656,3145728,3276800,3407872,3538944,3670016,3801088,3932160,4063232,4194304,4456448,4718592,4980736,5242880,5505024,5767168,6029312,6291456,6553600,6815744,7077888,7340032,7602176,7864320,8126464,8388608,8912896,9437184,9961472,10485760,11010048,11534336,12058624,12582912,13107200,13631488,14155776,14680064,15204352,15728640,16252928,16777216,17825792,18874368,19922944,20971520,22020096,23068672,24117248,25165824,26214400,27262976,28311552,29360128,30408704,31457280,32505856,33554432,35651584,37748736,39845888,41943040,44040192,46137344,48234496,50331648,52428800,54525952,56623104,58720256,60817408,62914560,65011712,67108864,71303168,75497472,79691776,83886080,88080384,92274688,96468992,100663296,104857600,109051904,113246208,117440512,121634816,125829120,130023424,134217728,142606336,150994944,159383552,167772160,176160768,184549376,192937984,201326592,209715200,218103808,226492416,234881024,243269632,251658240,260046848,268435456,285212672,301989888,318767104,335544320,352321536,369098752,385875968,402653184,419430400,436207616,452984832,469762048,486539264,503316480,520093696,536870912,570425344,603979776,637534208,671088640,704643072,738197504,771751936,805306368,838860800,872415232,905969664,939524096,973078528,1006632960,1040187392}'::double precision[]) $$;
--> statement-breakpoint
-- One trigger per rollup family from now on: each statement's rows are grouped by hour once, and
-- that grouping feeds the family's hourly and daily rollups (day = div(hour, 24)), upserted in
-- key order so that concurrent writers lock rows in the same order. Insert adds, delete
-- (retention) subtracts, in the transaction of the change. They replace 0005's triggers.
DROP TRIGGER rollup_hourly_ins ON events;
--> statement-breakpoint
DROP TRIGGER rollup_hourly_del ON events;
--> statement-breakpoint
DROP TRIGGER rollup_hourly_clients_ins ON events;
--> statement-breakpoint
DROP TRIGGER rollup_hourly_clients_del ON events;
--> statement-breakpoint
DROP TRIGGER rollup_hourly_actors_ins ON events;
--> statement-breakpoint
DROP TRIGGER rollup_hourly_actors_del ON events;
--> statement-breakpoint
DROP FUNCTION tooltrail_rollup_hourly_ins(), tooltrail_rollup_hourly_del(), tooltrail_rollup_hourly_clients_ins(), tooltrail_rollup_hourly_clients_del(), tooltrail_rollup_hourly_actors_ins(), tooltrail_rollup_hourly_actors_del();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_controls() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s integer := TG_ARGV[0]::integer;
BEGIN
  WITH h AS (
    SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint AS hour, coalesce(server_name, '') AS server_name, coalesce(tool, '') AS tool, coalesce(outcome, '') AS outcome, coalesce(verdict, '') AS verdict, coalesce(policy_id, '') AS policy_id, coalesce(data_classification, '') AS data_classification,
      s * count(*) AS n, s * coalesce(sum(redaction_count), 0) AS redactions
    FROM changed GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ), u0 AS (
    INSERT INTO rollup_hourly AS r (tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification, n, redactions)
    SELECT tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (tenant_id, hour, server_name, tool, outcome, verdict, policy_id, data_classification) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions
  ), u1 AS (
    INSERT INTO rollup_daily AS r (tenant_id, day, server_name, tool, outcome, verdict, policy_id, data_classification, n, redactions)
    SELECT tenant_id, div(hour, 24), server_name, tool, outcome, verdict, policy_id, data_classification, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (tenant_id, day, server_name, tool, outcome, verdict, policy_id, data_classification) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions
  ), u2 AS (
    INSERT INTO rollup_hourly_outcomes AS r (tenant_id, hour, outcome, verdict, policy_id, n, redactions)
    SELECT tenant_id, hour, outcome, verdict, policy_id, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, hour, outcome, verdict, policy_id) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions
  )
  INSERT INTO rollup_daily_outcomes AS r (tenant_id, day, outcome, verdict, policy_id, n, redactions)
  SELECT tenant_id, div(hour, 24), outcome, verdict, policy_id, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (tenant_id, day, outcome, verdict, policy_id) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_controls_ins AFTER INSERT ON events REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_controls('1');
--> statement-breakpoint
CREATE TRIGGER rollup_controls_del AFTER DELETE ON events REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_controls('-1');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_clients() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s integer := TG_ARGV[0]::integer;
BEGIN
  WITH h AS (
    SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint AS hour, coalesce(client_name, '') AS client_name, coalesce(agent_id, '') AS agent_id, coalesce(outcome, '') AS outcome,
      s * count(*) AS n, s * coalesce(sum(redaction_count), 0) AS redactions
    FROM changed GROUP BY 1, 2, 3, 4, 5
  ), u0 AS (
    INSERT INTO rollup_hourly_clients AS r (tenant_id, hour, client_name, agent_id, outcome, n, redactions)
    SELECT tenant_id, hour, client_name, agent_id, outcome, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, hour, client_name, agent_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions
  )
  INSERT INTO rollup_daily_clients AS r (tenant_id, day, client_name, agent_id, outcome, n, redactions)
  SELECT tenant_id, div(hour, 24), client_name, agent_id, outcome, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (tenant_id, day, client_name, agent_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_clients_ins AFTER INSERT ON events REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_clients('1');
--> statement-breakpoint
CREATE TRIGGER rollup_clients_del AFTER DELETE ON events REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_clients('-1');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_actors() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s integer := TG_ARGV[0]::integer;
BEGIN
  WITH h AS (
    SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint AS hour, coalesce(actor_id, '') AS actor_id, coalesce(outcome, '') AS outcome,
      s * count(*) AS n, s * coalesce(sum(redaction_count), 0) AS redactions
    FROM changed GROUP BY 1, 2, 3, 4
  ), u0 AS (
    INSERT INTO rollup_hourly_actors AS r (tenant_id, hour, actor_id, outcome, n, redactions)
    SELECT tenant_id, hour, actor_id, outcome, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, hour, actor_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions
  )
  INSERT INTO rollup_daily_actors AS r (tenant_id, day, actor_id, outcome, n, redactions)
  SELECT tenant_id, div(hour, 24), actor_id, outcome, sum(n), sum(redactions) FROM h GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (tenant_id, day, actor_id, outcome) DO UPDATE SET n = r.n + excluded.n, redactions = r.redactions + excluded.redactions;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_actors_ins AFTER INSERT ON events REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_actors('1');
--> statement-breakpoint
CREATE TRIGGER rollup_actors_del AFTER DELETE ON events REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_actors('-1');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tooltrail_rollup_durations() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s integer := TG_ARGV[0]::integer;
BEGIN
  WITH h AS (
    SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint AS hour, tooltrail_duration_bucket(duration_ms) AS bucket,
      s * count(*) AS n
    FROM changed WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3
  ), u0 AS (
    INSERT INTO rollup_hourly_durations AS r (tenant_id, hour, bucket, n)
    SELECT tenant_id, hour, bucket, sum(n) FROM h GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, hour, bucket) DO UPDATE SET n = r.n + excluded.n
  )
  INSERT INTO rollup_daily_durations AS r (tenant_id, day, bucket, n)
  SELECT tenant_id, div(hour, 24), bucket, sum(n) FROM h GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (tenant_id, day, bucket) DO UPDATE SET n = r.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollup_durations_ins AFTER INSERT ON events REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_durations('1');
--> statement-breakpoint
CREATE TRIGGER rollup_durations_del AFTER DELETE ON events REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tooltrail_rollup_durations('-1');
--> statement-breakpoint
-- Existing events, counted once into the new rollups.
INSERT INTO rollup_daily (tenant_id, day, server_name, tool, outcome, verdict, policy_id, data_classification, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 86400)::bigint, coalesce(server_name, ''), coalesce(tool, ''), coalesce(outcome, ''), coalesce(verdict, ''), coalesce(policy_id, ''), coalesce(data_classification, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO rollup_hourly_outcomes (tenant_id, hour, outcome, verdict, policy_id, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, coalesce(outcome, ''), coalesce(verdict, ''), coalesce(policy_id, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO rollup_daily_outcomes (tenant_id, day, outcome, verdict, policy_id, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 86400)::bigint, coalesce(outcome, ''), coalesce(verdict, ''), coalesce(policy_id, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO rollup_daily_clients (tenant_id, day, client_name, agent_id, outcome, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 86400)::bigint, coalesce(client_name, ''), coalesce(agent_id, ''), coalesce(outcome, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO rollup_daily_actors (tenant_id, day, actor_id, outcome, n, redactions)
SELECT tenant_id, floor(extract(epoch FROM "time") / 86400)::bigint, coalesce(actor_id, ''), coalesce(outcome, ''), count(*), coalesce(sum(redaction_count), 0)
FROM events GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO rollup_hourly_durations (tenant_id, hour, bucket, n)
SELECT tenant_id, floor(extract(epoch FROM "time") / 3600)::bigint, tooltrail_duration_bucket(duration_ms), count(*)
FROM events WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO rollup_daily_durations (tenant_id, day, bucket, n)
SELECT tenant_id, floor(extract(epoch FROM "time") / 86400)::bigint, tooltrail_duration_bucket(duration_ms), count(*)
FROM events WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3;
