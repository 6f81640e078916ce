CREATE TABLE "saved_views" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"visibility" text NOT NULL,
	"owner_id" text NOT NULL,
	"owner_label" text NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "saved_views_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_shared_name" ON "saved_views" USING btree ("tenant_id","name_key") WHERE "saved_views"."visibility" = 'shared';--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_private_name" ON "saved_views" USING btree ("tenant_id","owner_id","name_key") WHERE "saved_views"."visibility" = 'private';--> statement-breakpoint
CREATE INDEX "saved_views_owner" ON "saved_views" USING btree ("tenant_id","owner_id");