CREATE TABLE "review_campaigns" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"definition_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"definition" jsonb NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"snapshot_hash" text,
	"counts" jsonb,
	"previous_campaign_id" text,
	"reminded_at" timestamp (3) with time zone,
	"due_outcome_applied_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"closed_by" text,
	CONSTRAINT "review_campaigns_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "review_decisions" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"campaign_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"decision" text NOT NULL,
	"note" text,
	"reduce_to" jsonb,
	"decided_by" text NOT NULL,
	"decided_at" timestamp (3) with time zone NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"enforcement" text,
	CONSTRAINT "review_decisions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "review_entries" (
	"tenant_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"id" text NOT NULL,
	"position" integer NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"principal" text NOT NULL,
	"server" text NOT NULL,
	"tool" text NOT NULL,
	"change" text NOT NULL,
	"entry" jsonb NOT NULL,
	"reviewer_user_id" text NOT NULL,
	"routed_by" text NOT NULL,
	CONSTRAINT "review_entries_tenant_id_campaign_id_id_pk" PRIMARY KEY("tenant_id","campaign_id","id")
);
--> statement-breakpoint
CREATE INDEX "review_campaigns_definition" ON "review_campaigns" USING btree ("tenant_id","definition_id","created_at");--> statement-breakpoint
CREATE INDEX "review_decisions_entry" ON "review_decisions" USING btree ("tenant_id","campaign_id","entry_id","decided_at");--> statement-breakpoint
CREATE INDEX "review_entries_reviewer" ON "review_entries" USING btree ("tenant_id","campaign_id","reviewer_user_id");
--> statement-breakpoint
-- Written by hand: decisions are evidence, append-only; a change of mind is a new row.
CREATE FUNCTION review_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review_decisions is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER review_decisions_append_only BEFORE UPDATE OR DELETE ON "review_decisions"
  FOR EACH ROW EXECUTE FUNCTION review_decisions_append_only();
