// Message-history imports: each run, the rows it staged in time order, and the rows it had to reject.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamptz, updatedAt } from "./columns";
import { messageDirection } from "./conversations";

export const importSources = ["cli", "upload"] as const;
export const importSource = pgEnum("import_source", importSources);

// staging: the file is being read into import_rows; processing: staged rows are being recorded and learned in
// time order; done / failed: finished. A run that stopped in staging or processing is resumed where its last
// committed batch ended.
export const importStatuses = ["staging", "processing", "done", "failed"] as const;
export const importStatus = pgEnum("import_status", importStatuses);

export const imports = pgTable(
  "imports",
  {
    id: id(),
    fileName: text().notNull(),
    // Known once the whole file was read; a rerun of the same file resumes the unfinished run with this digest.
    fileSha256: text(),
    fileBytes: bigint({ mode: "number" }),
    source: importSource().notNull(),
    status: importStatus().notNull().default("staging"),
    bytesRead: bigint({ mode: "number" }).notNull().default(0),
    // Staging resumes after this line of the file.
    stagedThroughLine: integer().notNull().default(1),
    rowsStaged: integer().notNull().default(0),
    rowsRejected: integer().notNull().default(0),
    // Processing resumes after this (sent_at, line) position of the staged rows.
    cursorSentAt: timestamptz(),
    cursorLine: integer(),
    rowsProcessed: integer().notNull().default(0),
    rowsDuplicate: integer().notNull().default(0),
    messagesImported: integer().notNull().default(0),
    decisionsRecorded: integer().notNull().default(0),
    exchangesLearned: integer().notNull().default(0),
    patternsCreated: integer().notNull().default(0),
    error: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamptz(),
  },
  (t) => [
    index("imports_file_sha256_idx").on(t.fileSha256),
    index("imports_created_idx").on(t.createdAt.desc()),
    check(
      "imports_counts_nonnegative",
      sql`${t.rowsStaged} >= 0 and ${t.rowsRejected} >= 0 and ${t.rowsProcessed} >= 0 and ${t.rowsDuplicate} >= 0`,
    ),
    check(
      "imports_finished_consistent",
      sql`(${t.status} in ('done', 'failed')) = (${t.finishedAt} is not null)`,
    ),
  ],
);

// A file's rows, kept until the run is done: the file may arrive in any order, and conversations are rebuilt
// in the order the messages were sent.
export const importRows = pgTable(
  "import_rows",
  {
    importId: uuid()
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    line: integer().notNull(),
    key: text().notNull(),
    messageId: text(),
    conversationRef: text(),
    sentAt: timestamptz().notNull(),
    direction: messageDirection().notNull(),
    customerPhone: text().notNull(),
    customerName: text(),
    operator: text(),
    body: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.line] }),
    index("import_rows_order_idx").on(t.importId, t.sentAt, t.line),
  ],
);

export const importRejections = pgTable(
  "import_rejections",
  {
    importId: uuid()
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    line: integer().notNull(),
    reason: text().notNull(),
    excerpt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.line] })],
);
