// The import queries on a real database: newest runs first, each with its progress, and rejections paged by line.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { importRejections, imports, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { AppError } from "../errors";
import { getImport, importProgress, listImportRejections, listImports } from "./import-queries";

describe("importProgress", () => {
  const run = {
    fileBytes: null,
    bytesRead: 0,
    rowsStaged: 0,
    rowsProcessed: 0,
  };

  it("measures staging in bytes once the file's size is known, and not before", () => {
    expect(importProgress({ ...run, status: "staging", bytesRead: 4_096 })).toEqual({
      phase: "staging",
      fraction: null,
    });
    expect(
      importProgress({ ...run, status: "staging", bytesRead: 2_500, fileBytes: 10_000 }),
    ).toEqual({ phase: "staging", fraction: 0.25 });
  });

  it("measures processing in staged rows, and an empty run as complete", () => {
    expect(
      importProgress({ ...run, status: "processing", rowsStaged: 200, rowsProcessed: 50 }),
    ).toEqual({ phase: "processing", fraction: 0.25 });
    expect(importProgress({ ...run, status: "processing" })).toEqual({
      phase: "processing",
      fraction: 1,
    });
  });

  it("never reports more than the whole", () => {
    expect(
      importProgress({ ...run, status: "staging", bytesRead: 12_000, fileBytes: 10_000 }),
    ).toEqual({ phase: "staging", fraction: 1 });
    expect(
      importProgress({ ...run, status: "processing", rowsStaged: 3, rowsProcessed: 4 }),
    ).toEqual({ phase: "processing", fraction: 1 });
  });

  it("reports a finished run as whole and a failed one as unmeasured", () => {
    expect(importProgress({ ...run, status: "done", rowsStaged: 9, rowsProcessed: 9 })).toEqual({
      phase: "done",
      fraction: 1,
    });
    expect(importProgress({ ...run, status: "failed", rowsStaged: 9, rowsProcessed: 3 })).toEqual({
      phase: "failed",
      fraction: null,
    });
  });
});

describe.each(testDatabaseKinds)("import queries on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let adminId: string;

  beforeAll(async () => {
    test = await openTestDatabase(kind);
    db = test.database.db;
    const [admin] = await db
      .insert(users)
      .values({ email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" })
      .returning();
    adminId = admin!.id;
  });
  afterAll(() => test.drop());
  beforeEach(async () => {
    await db.delete(imports);
  });

  async function insertImport(values: Partial<typeof imports.$inferInsert> = {}) {
    const [row] = await db
      .insert(imports)
      .values({ fileName: "history.csv", source: "upload", ...values })
      .returning();
    return row!;
  }

  it("lists imports newest first with their uploader and progress, up to the limit", async () => {
    const oldest = await insertImport({
      fileName: "2023.csv",
      source: "cli",
      status: "done",
      fileBytes: 900,
      bytesRead: 900,
      rowsStaged: 10,
      rowsProcessed: 10,
      finishedAt: new Date("2025-01-01T10:05:00Z"),
      createdAt: new Date("2025-01-01T10:00:00Z"),
    });
    const middle = await insertImport({
      fileName: "2024.csv",
      status: "processing",
      fileBytes: 1_000,
      bytesRead: 1_000,
      rowsStaged: 8,
      rowsProcessed: 2,
      createdBy: adminId,
      createdAt: new Date("2025-02-01T10:00:00Z"),
    });
    const newest = await insertImport({
      fileName: "2025.csv",
      createdBy: adminId,
      createdAt: new Date("2025-03-01T10:00:00Z"),
    });

    const all = await listImports(db, {});
    expect(all.map((run) => run.id)).toEqual([newest.id, middle.id, oldest.id]);
    expect(all[0]).toMatchObject({
      fileName: "2025.csv",
      source: "upload",
      status: "staging",
      createdBy: { id: adminId, name: "Ada Admin" },
      finishedAt: null,
      progress: { phase: "staging", fraction: null },
    });
    expect(all[1]!.progress).toEqual({ phase: "processing", fraction: 0.25 });
    expect(all[2]).toMatchObject({
      source: "cli",
      createdBy: null,
      finishedAt: new Date("2025-01-01T10:05:00Z"),
      progress: { phase: "done", fraction: 1 },
    });

    expect((await listImports(db, { limit: 2 })).map((run) => run.id)).toEqual([
      newest.id,
      middle.id,
    ]);
    await expect(listImports(db, { limit: 0 })).rejects.toThrow(AppError);
  });

  it("gets one import with every counter and its error", async () => {
    const run = await insertImport({
      status: "failed",
      fileSha256: "ab".repeat(32),
      fileBytes: 5_000,
      bytesRead: 5_000,
      rowsStaged: 40,
      rowsRejected: 2,
      rowsProcessed: 30,
      rowsDuplicate: 4,
      messagesImported: 26,
      decisionsRecorded: 12,
      exchangesLearned: 9,
      patternsCreated: 3,
      error: "The database went away",
      finishedAt: new Date(),
      createdBy: adminId,
    });

    const view = await getImport(db, run.id);
    expect(view).toEqual({
      id: run.id,
      fileName: "history.csv",
      source: "upload",
      status: "failed",
      error: "The database went away",
      fileBytes: 5_000,
      bytesRead: 5_000,
      rowsStaged: 40,
      rowsRejected: 2,
      rowsProcessed: 30,
      rowsDuplicate: 4,
      messagesImported: 26,
      decisionsRecorded: 12,
      exchangesLearned: 9,
      patternsCreated: 3,
      createdBy: { id: adminId, name: "Ada Admin" },
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      finishedAt: run.finishedAt,
      progress: { phase: "failed", fraction: null },
    });
  });

  it("answers NOT_FOUND for an unknown import and BAD_REQUEST for a malformed id", async () => {
    await expect(getImport(db, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(getImport(db, "42")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("pages an import's rejections in line order, each exactly once, and none of another import's", async () => {
    const run = await insertImport();
    const other = await insertImport();
    // Inserted out of order: the file's order comes from the line, not from the insertion.
    const lines = [41, 3, 17, 5, 1_002, 8, 250];
    await db.insert(importRejections).values(
      lines.map((line) => ({
        importId: run.id,
        line,
        reason: `reason for line ${line}`,
        excerpt: `raw record at ${line}`,
      })),
    );
    await db
      .insert(importRejections)
      .values({ importId: other.id, line: 4, reason: "other", excerpt: "other" });

    const seen: number[] = [];
    let afterLine: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await listImportRejections(db, { importId: run.id, afterLine, limit: 3 });
      seen.push(...page.items.map((item) => item.line));
      pages += 1;
      if (page.nextAfterLine === null) break;
      expect(page.nextAfterLine).toBe(page.items.at(-1)!.line);
      afterLine = page.nextAfterLine;
    }
    expect(seen).toEqual([3, 5, 8, 17, 41, 250, 1_002]);
    expect(pages).toBe(3);

    const first = await listImportRejections(db, { importId: run.id });
    expect(first.nextAfterLine).toBeNull();
    expect(first.items[0]).toEqual({
      line: 3,
      reason: "reason for line 3",
      excerpt: "raw record at 3",
    });
  });

  it("answers an exactly full last page without a next page", async () => {
    const run = await insertImport();
    await db
      .insert(importRejections)
      .values([2, 4].map((line) => ({ importId: run.id, line, reason: "bad", excerpt: "x" })));
    expect(await listImportRejections(db, { importId: run.id, limit: 2 })).toMatchObject({
      items: [{ line: 2 }, { line: 4 }],
      nextAfterLine: null,
    });
    expect(await listImportRejections(db, { importId: run.id, afterLine: 4, limit: 2 })).toEqual({
      items: [],
      nextAfterLine: null,
    });
  });
});
