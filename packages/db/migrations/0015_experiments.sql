CREATE TYPE "public"."customer_reaction" AS ENUM('thanks', 'anger');--> statement-breakpoint
CREATE TYPE "public"."experiment_metric" AS ENUM('accepted_as_is', 'not_asked_again', 'no_escalation', 'thanked', 'not_angry', 'satisfied');--> statement-breakpoint
CREATE TYPE "public"."experiment_status" AS ENUM('running', 'stopped', 'completed');--> statement-breakpoint
CREATE TYPE "public"."operator_action" AS ENUM('accepted', 'edited', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."satisfaction_answer_kind" AS ENUM('scale', 'thumbs', 'yes_no');--> statement-breakpoint
CREATE TABLE "experiment_variants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"experiment_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"template" text NOT NULL,
	"weight" double precision NOT NULL,
	"is_control" boolean DEFAULT false NOT NULL,
	"stopped_at" timestamp (3) with time zone,
	"stop_reason" text,
	CONSTRAINT "experiment_variants_weight_positive" CHECK ("experiment_variants"."weight" > 0),
	CONSTRAINT "experiment_variants_template_not_blank" CHECK (length(trim("experiment_variants"."template")) > 0)
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pattern_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "experiment_status" DEFAULT 'running' NOT NULL,
	"primary_metric" "experiment_metric" NOT NULL,
	"guardrail_metric" "experiment_metric" NOT NULL,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"promote_winner" boolean DEFAULT false NOT NULL,
	"winner_variant_id" uuid,
	"decided_at" timestamp (3) with time zone,
	"promoted_version" integer,
	"started_by" uuid,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp (3) with time zone,
	"stop_reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiments_alpha_range" CHECK ("experiments"."alpha" > 0 and "experiments"."alpha" < 1),
	CONSTRAINT "experiments_stopped_consistent" CHECK (("experiments"."status" = 'running') = ("experiments"."stopped_at" is null))
);
--> statement-breakpoint
CREATE TABLE "reply_outcomes" (
	"decision_id" uuid PRIMARY KEY NOT NULL,
	"pattern_id" uuid,
	"experiment_id" uuid,
	"variant_id" uuid,
	"customer_id" uuid,
	"replied_at" timestamp (3) with time zone NOT NULL,
	"operator_action" "operator_action",
	"delivered" boolean NOT NULL,
	"asked_again" boolean NOT NULL,
	"reaction" "customer_reaction",
	"escalated" boolean NOT NULL,
	"measured_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "satisfaction_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"decision_id" uuid,
	"sent_message_id" uuid,
	"sent_at" timestamp (3) with time zone NOT NULL,
	"answer_message_id" uuid,
	"answered_at" timestamp (3) with time zone,
	"answer_kind" "satisfaction_answer_kind",
	"answer_value" integer,
	"score" double precision,
	CONSTRAINT "satisfaction_surveys_score_range" CHECK ("satisfaction_surveys"."score" is null or ("satisfaction_surveys"."score" between 0 and 1)),
	CONSTRAINT "satisfaction_surveys_answer_consistent" CHECK (("satisfaction_surveys"."answered_at" is null) = ("satisfaction_surveys"."score" is null) and ("satisfaction_surveys"."score" is null) = ("satisfaction_surveys"."answer_kind" is null))
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "experiment_id" uuid;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "variant_id" uuid;--> statement-breakpoint
ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_pattern_id_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."patterns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_outcomes" ADD CONSTRAINT "reply_outcomes_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_outcomes" ADD CONSTRAINT "reply_outcomes_pattern_id_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."patterns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_outcomes" ADD CONSTRAINT "reply_outcomes_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_outcomes" ADD CONSTRAINT "reply_outcomes_variant_id_experiment_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."experiment_variants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_outcomes" ADD CONSTRAINT "reply_outcomes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_sent_message_id_messages_id_fk" FOREIGN KEY ("sent_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_answer_message_id_messages_id_fk" FOREIGN KEY ("answer_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_variants_position_key" ON "experiment_variants" USING btree ("experiment_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_one_running_per_pattern" ON "experiments" USING btree ("pattern_id") WHERE "experiments"."status" = 'running';--> statement-breakpoint
CREATE INDEX "experiments_started_idx" ON "experiments" USING btree ("started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reply_outcomes_pattern_idx" ON "reply_outcomes" USING btree ("pattern_id","replied_at");--> statement-breakpoint
CREATE INDEX "reply_outcomes_experiment_idx" ON "reply_outcomes" USING btree ("experiment_id","variant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "satisfaction_surveys_conversation_key" ON "satisfaction_surveys" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "satisfaction_surveys_customer_idx" ON "satisfaction_surveys" USING btree ("customer_id","sent_at" DESC NULLS LAST);