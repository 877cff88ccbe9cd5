CREATE TYPE "public"."user_role" AS ENUM('viewer', 'operator', 'admin');--> statement-breakpoint
CREATE TYPE "public"."conversation_end_reason" AS ENUM('idle_timeout', 'closing_phrase', 'manual');--> statement-breakpoint
CREATE TYPE "public"."conversation_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."message_direction" AS ENUM('inbound', 'outbound');--> statement-breakpoint
CREATE TYPE "public"."message_source" AS ENUM('webhook', 'import', 'playbook', 'dashboard');--> statement-breakpoint
CREATE TYPE "public"."decision_mode" AS ENUM('auto', 'suggest', 'queue', 'shadow', 'escalate');--> statement-breakpoint
CREATE TYPE "public"."decision_outcome" AS ENUM('pending', 'sent', 'send_failed', 'approved', 'modified', 'rejected', 'expired', 'none');--> statement-breakpoint
CREATE TYPE "public"."queue_status" AS ENUM('pending', 'approved', 'modified', 'rejected', 'expired');--> statement-breakpoint
CREATE TYPE "public"."review_action" AS ENUM('approved', 'modified', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."job_run_status" AS ENUM('running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."confidence_reason" AS ENUM('approved', 'modified', 'rejected', 'operator_agreed', 'operator_disagreed', 'decay', 'manual_adjustment', 'import');--> statement-breakpoint
CREATE TYPE "public"."pattern_origin" AS ENUM('manual', 'learned', 'imported');--> statement-breakpoint
CREATE TYPE "public"."pattern_type" AS ENUM('booking', 'tech_issue', 'access', 'faq', 'gift_cards', 'hours', 'pricing', 'membership', 'feedback', 'general');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"ip" text,
	"succeeded" boolean NOT NULL,
	"attempted_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "user_role" DEFAULT 'viewer' NOT NULL,
	"password_hash" text NOT NULL,
	"disabled_at" timestamp (3) with time zone,
	"last_login_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email") and "users"."email" like '%_@_%'),
	CONSTRAINT "users_name_not_blank" CHECK (length(trim("users"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "config" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"provider_conversation_id" text,
	"phone_number_id" text,
	"status" "conversation_status" DEFAULT 'open' NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"last_message_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"end_reason" "conversation_end_reason",
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_closed_consistent" CHECK (("conversations"."status" = 'closed') = ("conversations"."ended_at" is not null) and ("conversations"."ended_at" is null) = ("conversations"."end_reason" is null)),
	CONSTRAINT "conversations_times_ordered" CHECK ("conversations"."last_message_at" >= "conversations"."started_at")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" text NOT NULL,
	"name" text,
	"is_vip" boolean DEFAULT false NOT NULL,
	"opted_out" boolean DEFAULT false NOT NULL,
	"opted_out_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_phone_not_blank" CHECK (length(trim("customers"."phone")) > 0),
	CONSTRAINT "customers_opt_out_consistent" CHECK ("customers"."opted_out" or "customers"."opted_out_at" is null)
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"direction" "message_direction" NOT NULL,
	"body" text NOT NULL,
	"source" "message_source" NOT NULL,
	"provider_message_id" text,
	"provider_status" text,
	"provider_user_id" text,
	"operator_name" text,
	"sent_by_playbook" boolean DEFAULT false NOT NULL,
	"sent_by_user_id" uuid,
	"sent_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_playbook_is_outbound" CHECK (not "messages"."sent_by_playbook" or "messages"."direction" = 'outbound')
);
--> statement-breakpoint
CREATE TABLE "approval_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"pattern_id" uuid,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"proposed_reply" text NOT NULL,
	"status" "queue_status" DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"final_reply" text,
	"reason" text,
	"resolved_by" uuid,
	"resolved_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_queue_resolved_consistent" CHECK (("approval_queue"."status" = 'pending') = ("approval_queue"."resolved_at" is null)),
	CONSTRAINT "approval_queue_expiry_after_creation" CHECK ("approval_queue"."expires_at" > "approval_queue"."created_at")
);
--> statement-breakpoint
CREATE TABLE "confidence_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pattern_id" uuid NOT NULL,
	"old_confidence" double precision NOT NULL,
	"new_confidence" double precision NOT NULL,
	"reason" "confidence_reason" NOT NULL,
	"decision_id" uuid,
	"actor_user_id" uuid,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "confidence_events_range" CHECK ("confidence_events"."old_confidence" between 0 and 1 and "confidence_events"."new_confidence" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"pattern_id" uuid,
	"mode" "decision_mode" NOT NULL,
	"match_score" double precision,
	"margin" double precision,
	"confidence" double precision,
	"candidates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"gates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposed_reply" text,
	"outcome" "decision_outcome" DEFAULT 'pending' NOT NULL,
	"outcome_at" timestamp (3) with time zone,
	"sent_message_id" uuid,
	"review" "review_action",
	"review_reason" text,
	"modified_reply" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decisions_scores_range" CHECK (("decisions"."match_score" is null or "decisions"."match_score" >= 0) and ("decisions"."confidence" is null or ("decisions"."confidence" >= 0 and "decisions"."confidence" <= 1))),
	CONSTRAINT "decisions_review_consistent" CHECK (("decisions"."review" is null) = ("decisions"."reviewed_at" is null) and ("decisions"."review" = 'modified') = ("decisions"."modified_reply" is not null))
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_name" text NOT NULL,
	"worker_id" text NOT NULL,
	"status" "job_run_status" DEFAULT 'running' NOT NULL,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"result" jsonb,
	"error" text,
	CONSTRAINT "job_runs_finished_when_done" CHECK (("job_runs"."status" = 'running') = ("job_runs"."finished_at" is null)),
	CONSTRAINT "job_runs_error_only_on_failure" CHECK ("job_runs"."error" is null or "job_runs"."status" = 'failed')
);
--> statement-breakpoint
CREATE TABLE "pattern_examples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pattern_id" uuid NOT NULL,
	"customer_text" text NOT NULL,
	"reply_text" text NOT NULL,
	"inbound_message_id" uuid,
	"outbound_message_id" uuid,
	"source" "pattern_origin" NOT NULL,
	"is_gold_standard" boolean DEFAULT false NOT NULL,
	"quality_score" double precision,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pattern_examples_quality_range" CHECK ("pattern_examples"."quality_score" is null or ("pattern_examples"."quality_score" >= 0 and "pattern_examples"."quality_score" <= 1))
);
--> statement-breakpoint
CREATE TABLE "pattern_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pattern_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"change_reason" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pattern_versions_version_positive" CHECK ("pattern_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "patterns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" "pattern_type" DEFAULT 'general' NOT NULL,
	"signature" text NOT NULL,
	"trigger_text" text NOT NULL,
	"trigger_keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"response_template" text NOT NULL,
	"variables" text[] DEFAULT '{}'::text[] NOT NULL,
	"action_template" jsonb,
	"confidence" double precision DEFAULT 0.5 NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"auto_executable" boolean DEFAULT false NOT NULL,
	"requires_confirmation" boolean DEFAULT true NOT NULL,
	"execution_count" integer DEFAULT 0 NOT NULL,
	"success_count" integer DEFAULT 0 NOT NULL,
	"failure_count" integer DEFAULT 0 NOT NULL,
	"override_count" integer DEFAULT 0 NOT NULL,
	"quality_score" double precision,
	"is_gold_standard" boolean DEFAULT false NOT NULL,
	"created_from" "pattern_origin" NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"first_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "patterns_confidence_range" CHECK ("patterns"."confidence" >= 0 and "patterns"."confidence" <= 1),
	CONSTRAINT "patterns_quality_range" CHECK ("patterns"."quality_score" is null or ("patterns"."quality_score" >= 0 and "patterns"."quality_score" <= 1)),
	CONSTRAINT "patterns_counts_nonnegative" CHECK ("patterns"."execution_count" >= 0 and "patterns"."success_count" >= 0 and "patterns"."failure_count" >= 0 and "patterns"."override_count" >= 0),
	CONSTRAINT "patterns_version_positive" CHECK ("patterns"."version" >= 1),
	CONSTRAINT "patterns_template_not_blank" CHECK (length(trim("patterns"."response_template")) > 0)
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "config" ADD CONSTRAINT "config_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_sent_by_user_id_users_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_queue" ADD CONSTRAINT "approval_queue_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_queue" ADD CONSTRAINT "approval_queue_pattern_id_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."patterns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_queue" ADD CONSTRAINT "approval_queue_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_queue" ADD CONSTRAINT "approval_queue_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_queue" ADD CONSTRAINT "approval_queue_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidence_events" ADD CONSTRAINT "confidence_events_pattern_id_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."patterns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidence_events" ADD CONSTRAINT "confidence_events_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidence_events" ADD CONSTRAINT "confidence_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_pattern_id_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."patterns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_sent_message_id_messages_id_fk" FOREIGN KEY ("sent_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_examples" ADD CONSTRAINT "pattern_examples_pattern_id_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."patterns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_examples" ADD CONSTRAINT "pattern_examples_inbound_message_id_messages_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_examples" ADD CONSTRAINT "pattern_examples_outbound_message_id_messages_id_fk" FOREIGN KEY ("outbound_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_versions" ADD CONSTRAINT "pattern_versions_pattern_id_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."patterns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_versions" ADD CONSTRAINT "pattern_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patterns" ADD CONSTRAINT "patterns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "login_attempts_email_idx" ON "login_attempts" USING btree ("email","attempted_at");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_idx" ON "login_attempts" USING btree ("ip","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "conversations_customer_last_idx" ON "conversations" USING btree ("customer_id","last_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "conversations_status_last_idx" ON "conversations" USING btree ("status","last_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "customers_phone_key" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_message_id_key" ON "messages" USING btree ("provider_message_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_sent_idx" ON "messages" USING btree ("conversation_id","sent_at");--> statement-breakpoint
CREATE INDEX "messages_customer_sent_idx" ON "messages" USING btree ("customer_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_queue_decision_key" ON "approval_queue" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "approval_queue_status_created_idx" ON "approval_queue" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "confidence_events_pattern_idx" ON "confidence_events" USING btree ("pattern_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "decisions_message_idx" ON "decisions" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "decisions_pattern_idx" ON "decisions" USING btree ("pattern_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "decisions_created_idx" ON "decisions" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "job_runs_job_started_idx" ON "job_runs" USING btree ("job_name","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "pattern_examples_pattern_idx" ON "pattern_examples" USING btree ("pattern_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pattern_versions_pattern_version_key" ON "pattern_versions" USING btree ("pattern_id","version");--> statement-breakpoint
CREATE INDEX "patterns_signature_idx" ON "patterns" USING btree ("signature");--> statement-breakpoint
CREATE INDEX "patterns_active_idx" ON "patterns" USING btree ("is_active") WHERE "patterns"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patterns_type_idx" ON "patterns" USING btree ("type");