CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"method" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_set_via" text;--> statement-breakpoint
-- Passwords chosen through a used invitation link (the old flow set them on any password-less
-- account) are marked as such: the first SSO sign-in of that email clears them. The others were
-- set by the operator (CLI, first-run setup).
UPDATE "users" SET "password_set_via" = CASE WHEN EXISTS (SELECT 1 FROM "invitations" i WHERE i."user_id" = "users"."id" AND i."used_at" IS NOT NULL) THEN 'invitation' ELSE 'operator' END WHERE "password_hash" IS NOT NULL;--> statement-breakpoint
-- Invitations now name an email, a role and the access end date; user_id is the account that
-- accepted (none for the expired ones).
ALTER TABLE "invitations" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "role" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "access_expires_at" timestamp (3) with time zone;--> statement-breakpoint
UPDATE "invitations" i SET "email" = u."email" FROM "users" u WHERE u."id" = i."user_id";--> statement-breakpoint
UPDATE "invitations" i SET "role" = m."role", "access_expires_at" = m."expires_at" FROM "memberships" m WHERE m."user_id" = i."user_id" AND m."tenant_id" = i."tenant_id";--> statement-breakpoint
UPDATE "invitations" SET "role" = 'viewer' WHERE "role" IS NULL;--> statement-breakpoint
-- The old flow added the membership when inviting. Nobody may be in an organisation without
-- accepting: memberships of accounts that never accepted (unused link, no password) go.
DELETE FROM "memberships" m USING "invitations" i, "users" u WHERE i."user_id" = m."user_id" AND i."tenant_id" = m."tenant_id" AND i."used_at" IS NULL AND u."id" = m."user_id" AND u."password_hash" IS NULL;--> statement-breakpoint
-- Unused links of the old flow set passwords: they expire now (one per tenant and account kept).
DELETE FROM "invitations" a USING "invitations" b WHERE a."used_at" IS NULL AND b."used_at" IS NULL AND a."tenant_id" = b."tenant_id" AND a."user_id" = b."user_id" AND (a."created_at", a."token_hash") < (b."created_at", b."token_hash");--> statement-breakpoint
UPDATE "invitations" SET "expires_at" = LEAST("expires_at", now()) WHERE "used_at" IS NULL;--> statement-breakpoint
UPDATE "invitations" SET "user_id" = NULL WHERE "used_at" IS NULL;--> statement-breakpoint
ALTER TABLE "invitations" ALTER COLUMN "email" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ALTER COLUMN "role" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending" ON "invitations" USING btree ("tenant_id","email") WHERE "invitations"."used_at" is null;--> statement-breakpoint
CREATE INDEX "invitations_accepted_by" ON "invitations" USING btree ("user_id");
