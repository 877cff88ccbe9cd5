ALTER TABLE "webhook_events" ADD COLUMN "customer_phone" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "sent_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "webhook_events_customer_pending_idx" ON "webhook_events" USING btree ("customer_phone","sent_at","received_at") WHERE "webhook_events"."status" = 'pending';