CREATE TABLE "events" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"server_name" text NOT NULL,
	"method" text NOT NULL,
	"tool" text,
	"actor_id" text NOT NULL,
	"actor_type" text,
	"client_name" text,
	"agent_id" text,
	"session_id" text,
	"conversation_id" text,
	"trace_id" text,
	"outcome" text NOT NULL,
	"verdict" text,
	"policy_id" text,
	"data_classification" text,
	"error_type" text,
	"duration_ms" double precision,
	"result_bytes" bigint,
	"redaction_count" integer DEFAULT 0 NOT NULL,
	"args_hmac" text,
	"ingest_key_id" text NOT NULL,
	"writer_id" text NOT NULL,
	"batch_seq" bigint NOT NULL,
	"leaf_index" integer NOT NULL,
	"doc" json NOT NULL,
	CONSTRAINT "events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ingest_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"servers" text[],
	"rate_per_second" integer,
	"burst" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	"last_used_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "integrity_batches" (
	"tenant_id" text NOT NULL,
	"writer_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"header" json NOT NULL,
	"header_hash" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"count" integer NOT NULL,
	"leaves" "bytea" NOT NULL,
	"event_ids" json NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "integrity_batches_tenant_id_writer_id_seq_pk" PRIMARY KEY("tenant_id","writer_id","seq")
);
--> statement-breakpoint
CREATE TABLE "writer_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"writer_id" text NOT NULL,
	"public_key" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"ingest_key_id" text NOT NULL,
	"request_id" text NOT NULL,
	"event_index" integer NOT NULL,
	"event_id" text,
	"errors" jsonb NOT NULL,
	"raw" text NOT NULL,
	"raw_bytes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"retention_days" integer,
	"legal_hold" boolean DEFAULT false NOT NULL,
	"redaction" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"role" text NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_user_id_tenant_id_pk" PRIMARY KEY("user_id","tenant_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp (3) with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "ingest_keys" ADD CONSTRAINT "ingest_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_tenant_time" ON "events" USING btree ("tenant_id","time","id");--> statement-breakpoint
CREATE INDEX "events_tenant_actor_time" ON "events" USING btree ("tenant_id","actor_id","time");--> statement-breakpoint
CREATE INDEX "events_tenant_tool_time" ON "events" USING btree ("tenant_id","tool","time");--> statement-breakpoint
CREATE INDEX "events_tenant_batch" ON "events" USING btree ("tenant_id","writer_id","batch_seq");--> statement-breakpoint
CREATE INDEX "ingest_keys_tenant" ON "ingest_keys" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "quarantine_tenant_received" ON "quarantine" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "memberships_tenant" ON "memberships" USING btree ("tenant_id");