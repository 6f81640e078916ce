CREATE TABLE "span_tallies" (
	"tenant_id" text NOT NULL,
	"ingest_key_id" text NOT NULL,
	"hour" timestamp (3) with time zone NOT NULL,
	"spans" bigint DEFAULT 0 NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"dropped" bigint DEFAULT 0 NOT NULL,
	"rejected" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "span_tallies_tenant_id_ingest_key_id_hour_pk" PRIMARY KEY("tenant_id","ingest_key_id","hour")
);
