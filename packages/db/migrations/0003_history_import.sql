CREATE TYPE "public"."import_source" AS ENUM('cli', 'upload');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('staging', 'processing', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "import_rejections" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"reason" text NOT NULL,
	"excerpt" text NOT NULL,
	CONSTRAINT "import_rejections_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"key" text NOT NULL,
	"message_id" text,
	"conversation_ref" text,
	"sent_at" timestamp (3) with time zone NOT NULL,
	"direction" "message_direction" NOT NULL,
	"customer_phone" text NOT NULL,
	"customer_name" text,
	"operator" text,
	"body" text NOT NULL,
	CONSTRAINT "import_rows_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text,
	"file_bytes" bigint,
	"source" "import_source" NOT NULL,
	"status" "import_status" DEFAULT 'staging' NOT NULL,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"staged_through_line" integer DEFAULT 1 NOT NULL,
	"rows_staged" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"cursor_sent_at" timestamp (3) with time zone,
	"cursor_line" integer,
	"rows_processed" integer DEFAULT 0 NOT NULL,
	"rows_duplicate" integer DEFAULT 0 NOT NULL,
	"messages_imported" integer DEFAULT 0 NOT NULL,
	"decisions_recorded" integer DEFAULT 0 NOT NULL,
	"exchanges_learned" integer DEFAULT 0 NOT NULL,
	"patterns_created" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "imports_counts_nonnegative" CHECK ("imports"."rows_staged" >= 0 and "imports"."rows_rejected" >= 0 and "imports"."rows_processed" >= 0 and "imports"."rows_duplicate" >= 0),
	CONSTRAINT "imports_finished_consistent" CHECK (("imports"."status" in ('done', 'failed')) = ("imports"."finished_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "import_key" text;--> statement-breakpoint
ALTER TABLE "import_rejections" ADD CONSTRAINT "import_rejections_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_rows_order_idx" ON "import_rows" USING btree ("import_id","sent_at","line");--> statement-breakpoint
CREATE INDEX "imports_file_sha256_idx" ON "imports" USING btree ("file_sha256");--> statement-breakpoint
CREATE INDEX "imports_created_idx" ON "imports" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "messages_import_key_key" ON "messages" USING btree ("import_key");