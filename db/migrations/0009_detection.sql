CREATE TABLE "detection_cursors" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"watermark" timestamp (3) with time zone NOT NULL,
	"state" jsonb NOT NULL,
	"version" bigint NOT NULL,
	"backfilled_from" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "detection_hourly" (
	"tenant_id" text NOT NULL,
	"series" text NOT NULL,
	"key" text NOT NULL,
	"hour" timestamp (3) with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "detection_hourly_tenant_id_series_key_hour_pk" PRIMARY KEY("tenant_id","series","key","hour")
);
--> statement-breakpoint
CREATE TABLE "detection_rules" (
	"tenant_id" text NOT NULL,
	"rule" text NOT NULL,
	"enabled" boolean NOT NULL,
	"params" jsonb NOT NULL,
	"allow" text[] NOT NULL,
	"group_by" text[] NOT NULL,
	"enabled_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "detection_rules_tenant_id_rule_pk" PRIMARY KEY("tenant_id","rule")
);
--> statement-breakpoint
CREATE TABLE "detection_seen" (
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"first_seen" timestamp (3) with time zone NOT NULL,
	"last_seen" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "detection_seen_tenant_id_kind_key_pk" PRIMARY KEY("tenant_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "flag_evidence" (
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"flag_id" text NOT NULL,
	CONSTRAINT "flag_evidence_tenant_id_event_id_flag_id_pk" PRIMARY KEY("tenant_id","event_id","flag_id")
);
--> statement-breakpoint
CREATE TABLE "flag_history" (
	"tenant_id" text NOT NULL,
	"flag_id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"by" text NOT NULL,
	"action" text NOT NULL,
	"details" jsonb NOT NULL,
	CONSTRAINT "flag_history_tenant_id_flag_id_seq_pk" PRIMARY KEY("tenant_id","flag_id","seq")
);
--> statement-breakpoint
CREATE TABLE "flag_suppressions" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"rule" text NOT NULL,
	"subject_key" text NOT NULL,
	"until" timestamp (3) with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "flag_suppressions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "flags" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"rule" text NOT NULL,
	"rule_version" integer NOT NULL,
	"params" jsonb NOT NULL,
	"group_key" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"subject_label" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"active" boolean NOT NULL,
	"start_time" timestamp (3) with time zone NOT NULL,
	"end_time" timestamp (3) with time zone NOT NULL,
	"observed" jsonb NOT NULL,
	"baseline" jsonb,
	"sentence" text NOT NULL,
	"evidence" text[] NOT NULL,
	"assignee" text,
	"resolution" text,
	"resolution_note" text,
	"incident_id" text,
	"first_seen" timestamp (3) with time zone NOT NULL,
	"last_seen" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	CONSTRAINT "flags_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"detected_at" timestamp (3) with time zone NOT NULL,
	"aware_at" timestamp (3) with time zone NOT NULL,
	"notified_authority_at" timestamp (3) with time zone,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	CONSTRAINT "incidents_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "notify_deliveries" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"destination_id" text NOT NULL,
	"kind" text NOT NULL,
	"flag_id" text,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"last_error" text,
	"last_status" integer,
	"created_at" timestamp (3) with time zone NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	CONSTRAINT "notify_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "notify_destinations" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret_ciphertext" text,
	"min_severity" text NOT NULL,
	"enabled" boolean NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "notify_destinations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE INDEX "flag_evidence_flag" ON "flag_evidence" USING btree ("tenant_id","flag_id");--> statement-breakpoint
CREATE INDEX "flag_suppressions_until" ON "flag_suppressions" USING btree ("tenant_id","until");--> statement-breakpoint
CREATE INDEX "flags_status_last_seen" ON "flags" USING btree ("tenant_id","status","last_seen");--> statement-breakpoint
CREATE INDEX "flags_active_group" ON "flags" USING btree ("tenant_id","rule",left("group_key", 256)) WHERE "flags"."active";--> statement-breakpoint
CREATE INDEX "flags_subject" ON "flags" USING btree ("tenant_id",left("subject_key", 256));--> statement-breakpoint
CREATE INDEX "flags_incident" ON "flags" USING btree ("tenant_id","incident_id") WHERE "flags"."incident_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notify_deliveries_due" ON "notify_deliveries" USING btree ("tenant_id","status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notify_deliveries_pending" ON "notify_deliveries" USING btree ("tenant_id","destination_id","next_attempt_at") WHERE "notify_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notify_deliveries_destination" ON "notify_deliveries" USING btree ("tenant_id","destination_id","created_at");