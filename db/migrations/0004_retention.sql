CREATE TABLE "legal_holds" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"from_time" timestamp (3) with time zone,
	"to_time" timestamp (3) with time zone,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp (3) with time zone,
	"released_by" text
);
--> statement-breakpoint
CREATE TABLE "retention_records" (
	"tenant_id" text NOT NULL,
	"writer_id" text NOT NULL,
	"through_seq" bigint NOT NULL,
	"statement" json NOT NULL,
	"statement_hash" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"removed_events" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_records_tenant_id_writer_id_through_seq_pk" PRIMARY KEY("tenant_id","writer_id","through_seq")
);
--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legal_holds_tenant" ON "legal_holds" USING btree ("tenant_id");