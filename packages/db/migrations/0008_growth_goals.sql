CREATE TABLE "growth_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contractor_id" text NOT NULL,
	"from_tier" text NOT NULL,
	"to_tier" text NOT NULL,
	"factor_kind" text NOT NULL,
	"factor_name" text NOT NULL,
	"refresh_id" uuid NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"description" text NOT NULL,
	"target_milestone" text NOT NULL,
	"priority" integer NOT NULL,
	"pattern_source" text NOT NULL,
	"match_score" double precision NOT NULL,
	"evidence_confidence" double precision NOT NULL,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data_gaps" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "growth_outcomes" (
	"goal_id" uuid PRIMARY KEY NOT NULL,
	"from_tier" text NOT NULL,
	"factor_kind" text NOT NULL,
	"factor_name" text NOT NULL,
	"completed" boolean NOT NULL,
	"days_to_completion" integer,
	"rating" integer,
	"revenue_impact" text NOT NULL,
	"what_worked" text,
	"what_did_not" text,
	"recorded_by" uuid,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "growth_outcomes_rating" CHECK ("growth_outcomes"."rating" is null or "growth_outcomes"."rating" between 1 and 5),
	CONSTRAINT "growth_outcomes_days" CHECK ("growth_outcomes"."days_to_completion" is null or "growth_outcomes"."days_to_completion" >= 0)
);
--> statement-breakpoint
ALTER TABLE "growth_goals" ADD CONSTRAINT "growth_goals_contractor_id_growth_contractors_contractor_id_fk" FOREIGN KEY ("contractor_id") REFERENCES "public"."growth_contractors"("contractor_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_outcomes" ADD CONSTRAINT "growth_outcomes_goal_id_growth_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."growth_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_outcomes" ADD CONSTRAINT "growth_outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "growth_goals_pattern_key" ON "growth_goals" USING btree ("contractor_id","from_tier","factor_kind","factor_name");--> statement-breakpoint
CREATE INDEX "growth_outcomes_pattern_idx" ON "growth_outcomes" USING btree ("from_tier","factor_kind","factor_name");