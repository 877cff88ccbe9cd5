CREATE TYPE "public"."learn_state" AS ENUM('pending', 'learned', 'voided', 'no_question', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."webhook_event_status" AS ENUM('pending', 'processed', 'ignored', 'failed');--> statement-breakpoint
ALTER TYPE "public"."decision_mode" ADD VALUE 'none';--> statement-breakpoint
ALTER TYPE "public"."decision_outcome" ADD VALUE 'answered' BEFORE 'none';--> statement-breakpoint
ALTER TYPE "public"."queue_status" ADD VALUE 'answered';--> statement-breakpoint
CREATE TABLE "llm_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" text NOT NULL,
	"model" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"latency_ms" integer NOT NULL,
	"ok" boolean NOT NULL,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "llm_calls_nonnegative" CHECK ("llm_calls"."prompt_tokens" >= 0 and "llm_calls"."completion_tokens" >= 0 and "llm_calls"."cost_usd" >= 0 and "llm_calls"."latency_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"signature_scheme" text NOT NULL,
	"raw_body" text NOT NULL,
	"status" "webhook_event_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp (3) with time zone,
	"last_error" text,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp (3) with time zone,
	CONSTRAINT "webhook_events_attempts_nonnegative" CHECK ("webhook_events"."attempts" >= 0),
	CONSTRAINT "webhook_events_processed_consistent" CHECK (("webhook_events"."status" = 'pending') = ("webhook_events"."processed_at" is null))
);
--> statement-breakpoint
DROP INDEX "decisions_message_idx";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "escalated_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "learn_state" "learn_state";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "learn_note" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "intended_mode" "decision_mode";--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "send_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "send_error" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "latency_ms" double precision;--> statement-breakpoint
ALTER TABLE "patterns" ADD COLUMN "response_signature" text NOT NULL;--> statement-breakpoint
ALTER TABLE "patterns" ADD COLUMN "variable_defaults" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "llm_calls_created_idx" ON "llm_calls" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_provider_event_key" ON "webhook_events" USING btree ("provider","event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("received_at") WHERE "webhook_events"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "messages_learn_pending_idx" ON "messages" USING btree ("sent_at") WHERE "messages"."learn_state" = 'pending';--> statement-breakpoint
CREATE INDEX "approval_queue_pending_expiry_idx" ON "approval_queue" USING btree ("expires_at") WHERE "approval_queue"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_message_key" ON "decisions" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "decisions_conversation_idx" ON "decisions" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "pattern_examples_created_idx" ON "pattern_examples" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "patterns_response_signature_idx" ON "patterns" USING btree ("response_signature");--> statement-breakpoint
CREATE INDEX "patterns_updated_idx" ON "patterns" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_learn_state_outbound_human" CHECK ("messages"."learn_state" is null or ("messages"."direction" = 'outbound' and not "messages"."sent_by_playbook"));