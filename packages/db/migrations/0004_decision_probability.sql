ALTER TABLE "decisions" ADD COLUMN "probability" double precision;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "evidence" jsonb;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "correct" boolean;