CREATE TABLE "guard_instances" (
	"tenant_id" text NOT NULL,
	"server" text NOT NULL,
	"instance" text NOT NULL,
	"guard_version" text NOT NULL,
	"key_id" text NOT NULL,
	"policy_hash" text,
	"list_version" bigint NOT NULL,
	"last_heartbeat_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "guard_instances_tenant_id_server_instance_pk" PRIMARY KEY("tenant_id","server","instance")
);
--> statement-breakpoint
CREATE TABLE "guard_policy_versions" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"server" text NOT NULL,
	"instance" text NOT NULL,
	"guard_version" text NOT NULL,
	"policy_id" text NOT NULL,
	"hash" text NOT NULL,
	"document" jsonb NOT NULL,
	"key_id" text NOT NULL,
	"effective_from" timestamp (3) with time zone NOT NULL,
	"effective_to" timestamp (3) with time zone,
	"last_registered_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "guard_policy_versions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "guard_revocation_lists" (
	"tenant_id" text NOT NULL,
	"server" text NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "guard_revocation_lists_tenant_id_server_pk" PRIMARY KEY("tenant_id","server")
);
--> statement-breakpoint
CREATE TABLE "guard_revocations" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"principal" text NOT NULL,
	"server" text NOT NULL,
	"tools" jsonb NOT NULL,
	"campaign_id" text NOT NULL,
	"campaign_name" text NOT NULL,
	"entry_id" text NOT NULL,
	"reviewer_user_id" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"list_version" bigint NOT NULL,
	"status" text NOT NULL,
	"confirmed_at" timestamp (3) with time zone,
	"confirmed_by" text,
	"proof_event_id" text,
	"proof_at" timestamp (3) with time zone,
	"exception_note" text,
	"exception_by" text,
	"exception_at" timestamp (3) with time zone,
	CONSTRAINT "guard_revocations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "guard_policy_versions_open" ON "guard_policy_versions" USING btree ("tenant_id","server","instance") WHERE "guard_policy_versions"."effective_to" is null;--> statement-breakpoint
CREATE INDEX "guard_policy_versions_server" ON "guard_policy_versions" USING btree ("tenant_id","server","effective_from");--> statement-breakpoint
CREATE INDEX "guard_revocations_server" ON "guard_revocations" USING btree ("tenant_id","server","list_version");--> statement-breakpoint
CREATE INDEX "guard_revocations_campaign" ON "guard_revocations" USING btree ("tenant_id","campaign_id");