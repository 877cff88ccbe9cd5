CREATE TYPE "public"."smart_suggestion_kind" AS ENUM('activate_pattern', 'deactivate_pattern', 'merge_patterns', 'pattern_anomaly');--> statement-breakpoint
CREATE TYPE "public"."smart_suggestion_state" AS ENUM('open', 'applied', 'dismissed', 'expired');--> statement-breakpoint
CREATE TABLE "smart_suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "smart_suggestion_kind" NOT NULL,
	"key" text NOT NULL,
	"pattern_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"title" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" "smart_suggestion_state" DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "smart_suggestions_resolved_consistent" CHECK (("smart_suggestions"."state" = 'open') = ("smart_suggestions"."resolved_at" is null))
);
--> statement-breakpoint
ALTER TABLE "smart_suggestions" ADD CONSTRAINT "smart_suggestions_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "smart_suggestions_open_key" ON "smart_suggestions" USING btree ("key") WHERE "smart_suggestions"."state" = 'open';--> statement-breakpoint
CREATE INDEX "smart_suggestions_key_idx" ON "smart_suggestions" USING btree ("key","resolved_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "smart_suggestions_state_idx" ON "smart_suggestions" USING btree ("state","created_at" DESC NULLS LAST);