CREATE TABLE "growth_activities" (
	"contractor_id" text NOT NULL,
	"occurred_at" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"rating" integer,
	CONSTRAINT "growth_activities_contractor_id_kind_name_occurred_at_pk" PRIMARY KEY("contractor_id","kind","name","occurred_at")
);
--> statement-breakpoint
CREATE TABLE "growth_contractors" (
	"contractor_id" text PRIMARY KEY NOT NULL,
	"name" text,
	"joined_at" date,
	"team_size" integer,
	"stage" text,
	"focus_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"region" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "growth_import_rejections" (
	"import_id" uuid NOT NULL,
	"file" text NOT NULL,
	"line" integer NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "growth_import_rejections_import_id_file_line_pk" PRIMARY KEY("import_id","file","line")
);
--> statement-breakpoint
CREATE TABLE "growth_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" "import_source" NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "growth_patterns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"refresh_id" uuid NOT NULL,
	"from_tier" text NOT NULL,
	"to_tier" text NOT NULL,
	"tier_index" integer NOT NULL,
	"factor_kind" text NOT NULL,
	"factor_name" text NOT NULL,
	"verdict" text NOT NULL,
	"movers" integer NOT NULL,
	"movers_with" integer NOT NULL,
	"comparator_share" double precision NOT NULL,
	"lift" double precision,
	"lift_lower" double precision,
	"lift_upper" double precision,
	"median_months_with" double precision,
	"median_months_without" double precision,
	"p_value" double precision NOT NULL,
	"q_value" double precision NOT NULL,
	"evidence_confidence" double precision NOT NULL,
	"outcome_confidence" double precision,
	"sentence" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "growth_refreshes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"trigger" text NOT NULL,
	"is_current" boolean DEFAULT false NOT NULL,
	"ladder" jsonb NOT NULL,
	"summary" jsonb,
	"validation" jsonb,
	"error" text,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "growth_revenue" (
	"contractor_id" text NOT NULL,
	"as_of" date NOT NULL,
	"revenue" double precision,
	"tier" text,
	CONSTRAINT "growth_revenue_contractor_id_as_of_pk" PRIMARY KEY("contractor_id","as_of"),
	CONSTRAINT "growth_revenue_value" CHECK ("growth_revenue"."revenue" is not null or "growth_revenue"."tier" is not null)
);
--> statement-breakpoint
CREATE TABLE "growth_transitions" (
	"refresh_id" uuid NOT NULL,
	"from_tier" text NOT NULL,
	"to_tier" text NOT NULL,
	"tier_index" integer NOT NULL,
	"contractors" integer,
	"movers" integer,
	"timeline" jsonb,
	"evidence_confidence" double precision NOT NULL,
	CONSTRAINT "growth_transitions_refresh_id_tier_index_pk" PRIMARY KEY("refresh_id","tier_index")
);
--> statement-breakpoint
ALTER TABLE "growth_activities" ADD CONSTRAINT "growth_activities_contractor_id_growth_contractors_contractor_id_fk" FOREIGN KEY ("contractor_id") REFERENCES "public"."growth_contractors"("contractor_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_import_rejections" ADD CONSTRAINT "growth_import_rejections_import_id_growth_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."growth_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_imports" ADD CONSTRAINT "growth_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_patterns" ADD CONSTRAINT "growth_patterns_refresh_id_growth_refreshes_id_fk" FOREIGN KEY ("refresh_id") REFERENCES "public"."growth_refreshes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_revenue" ADD CONSTRAINT "growth_revenue_contractor_id_growth_contractors_contractor_id_fk" FOREIGN KEY ("contractor_id") REFERENCES "public"."growth_contractors"("contractor_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_transitions" ADD CONSTRAINT "growth_transitions_refresh_id_growth_refreshes_id_fk" FOREIGN KEY ("refresh_id") REFERENCES "public"."growth_refreshes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "growth_imports_created_idx" ON "growth_imports" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "growth_patterns_refresh_tier_idx" ON "growth_patterns" USING btree ("refresh_id","tier_index");--> statement-breakpoint
CREATE UNIQUE INDEX "growth_refreshes_one_current" ON "growth_refreshes" USING btree ("is_current") WHERE "growth_refreshes"."is_current";--> statement-breakpoint
CREATE INDEX "growth_refreshes_started_idx" ON "growth_refreshes" USING btree ("started_at" DESC NULLS LAST);