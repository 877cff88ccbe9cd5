// What the dashboard and the CLI show of history imports: each run with its counters and progress, and the rows
// it rejected, a page at a time.
import { and, asc, desc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@playbook/db";
import { importRejections, imports, users } from "@playbook/db/schema";
import { notFound } from "../errors";
import { parseRequest } from "../patterns/parse-request";

export const ZListImportsRequest = z
  .object({ limit: z.number().int().min(1).max(100).default(20) })
  // prefault, not default: an absent request still gets the limit's default.
  .prefault({});
export type TListImportsRequest = z.input<typeof ZListImportsRequest>;

export const ZGetImportRequest = z.object({ id: z.uuid() });
export type TGetImportRequest = z.input<typeof ZGetImportRequest>;

export const ZListImportRejectionsRequest = z.object({
  importId: z.uuid(),
  /** The last line of the previous page; absent for the first page. */
  afterLine: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type TListImportRejectionsRequest = z.input<typeof ZListImportRejectionsRequest>;

type ImportRow = typeof imports.$inferSelect;
type ImportStatus = ImportRow["status"];

export interface ImportProgress {
  phase: ImportStatus;
  /**
   * How far the current phase is, 0..1: bytes read of the file while staging, staged rows recorded while
   * processing. Null when it cannot be told: staging before the file's size is known, or a failed run.
   */
  fraction: number | null;
}

export interface ImportView {
  id: string;
  fileName: string;
  source: ImportRow["source"];
  status: ImportStatus;
  error: string | null;
  fileBytes: number | null;
  bytesRead: number;
  rowsStaged: number;
  rowsRejected: number;
  rowsProcessed: number;
  rowsDuplicate: number;
  messagesImported: number;
  decisionsRecorded: number;
  exchangesLearned: number;
  patternsCreated: number;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  progress: ImportProgress;
}

const ratio = (part: number, whole: number) => Math.min(1, Math.max(0, part / whole));

export function importProgress(
  run: Pick<ImportRow, "status" | "fileBytes" | "bytesRead" | "rowsProcessed" | "rowsStaged">,
): ImportProgress {
  switch (run.status) {
    case "staging":
      return {
        phase: "staging",
        fraction: run.fileBytes ? ratio(run.bytesRead, run.fileBytes) : null,
      };
    case "processing":
      // Nothing staged means nothing left to record.
      return {
        phase: "processing",
        fraction: run.rowsStaged > 0 ? ratio(run.rowsProcessed, run.rowsStaged) : 1,
      };
    case "done":
      return { phase: "done", fraction: 1 };
    case "failed":
      return { phase: "failed", fraction: null };
  }
}

const viewColumns = {
  run: imports,
  creatorId: users.id,
  creatorName: users.name,
};

function toView({
  run,
  creatorId,
  creatorName,
}: {
  run: ImportRow;
  creatorId: string | null;
  creatorName: string | null;
}): ImportView {
  return {
    id: run.id,
    fileName: run.fileName,
    source: run.source,
    status: run.status,
    error: run.error,
    fileBytes: run.fileBytes,
    bytesRead: run.bytesRead,
    rowsStaged: run.rowsStaged,
    rowsRejected: run.rowsRejected,
    rowsProcessed: run.rowsProcessed,
    rowsDuplicate: run.rowsDuplicate,
    messagesImported: run.messagesImported,
    decisionsRecorded: run.decisionsRecorded,
    exchangesLearned: run.exchangesLearned,
    patternsCreated: run.patternsCreated,
    createdBy: creatorId && creatorName ? { id: creatorId, name: creatorName } : null,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
    progress: importProgress(run),
  };
}

/** The most recent imports, newest first. */
export async function listImports(
  executor: Executor,
  request: TListImportsRequest,
): Promise<ImportView[]> {
  const input = parseRequest(ZListImportsRequest, request);
  const rows = await executor
    .select(viewColumns)
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdBy))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(input.limit);
  return rows.map(toView);
}

export async function getImport(executor: Executor, id: string): Promise<ImportView> {
  const [row] = await executor
    .select(viewColumns)
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdBy))
    .where(eq(imports.id, parseRequest(ZGetImportRequest, { id }).id));
  if (!row) throw notFound("Import");
  return toView(row);
}

/** An import's rejected rows in file order, paged by line number (stable while the run adds more). */
export async function listImportRejections(
  executor: Executor,
  request: TListImportRejectionsRequest,
): Promise<{
  items: { line: number; reason: string; excerpt: string }[];
  nextAfterLine: number | null;
}> {
  const input = parseRequest(ZListImportRejectionsRequest, request);
  const rows = await executor
    .select({
      line: importRejections.line,
      reason: importRejections.reason,
      excerpt: importRejections.excerpt,
    })
    .from(importRejections)
    .where(
      and(
        eq(importRejections.importId, input.importId),
        input.afterLine === undefined ? undefined : gt(importRejections.line, input.afterLine),
      ),
    )
    .orderBy(asc(importRejections.line))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextAfterLine: rows.length > input.limit && last ? last.line : null };
}
