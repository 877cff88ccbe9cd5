CREATE TYPE "public"."replay_policy" AS ENUM('what-if', 'real');--> statement-breakpoint
CREATE TYPE "public"."replay_source" AS ENUM('history', 'upload');--> statement-breakpoint
CREATE TYPE "public"."replay_status" AS ENUM('queued', 'running', 'done', 'cancelled', 'failed');--> statement-breakpoint
CREATE TABLE "replay_results" (
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"sent_at" timestamp (3) with time zone NOT NULL,
	"conversation_ref" text,
	"decision" "decision_mode" NOT NULL,
	"pattern_id" uuid,
	"score" double precision,
	"correct" boolean,
	"matched" boolean NOT NULL,
	"customer_message" text,
	"trace" jsonb NOT NULL,
	CONSTRAINT "replay_results_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "replay_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_key" text NOT NULL,
	"source" "replay_source" NOT NULL,
	"file_name" text NOT NULL,
	"policy" "replay_policy" NOT NULL,
	"status" "replay_status" DEFAULT 'queued' NOT NULL,
	"phase" text,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"results_stored" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"curve" jsonb,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"heartbeat_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "replay_runs_finished_consistent" CHECK (("replay_runs"."status" in ('done', 'cancelled', 'failed')) = ("replay_runs"."finished_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "replay_results" ADD CONSTRAINT "replay_results_run_id_replay_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."replay_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replay_runs" ADD CONSTRAINT "replay_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replay_results_decision_idx" ON "replay_results" USING btree ("run_id","decision","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "replay_runs_request_key_key" ON "replay_runs" USING btree ("request_key");--> statement-breakpoint
CREATE INDEX "replay_runs_created_idx" ON "replay_runs" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "replay_runs_active_idx" ON "replay_runs" USING btree ("heartbeat_at") WHERE "replay_runs"."status" in ('queued', 'running');