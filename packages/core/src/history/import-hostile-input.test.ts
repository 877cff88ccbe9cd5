// History imports of hostile files: a field far over the size limit costs only its own row, a file the parser
// cannot read to its end fails with the reason instead of calling itself done, and an operator's reply that
// names {{__proto__}} never becomes a template.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { importRejections, importRows, imports, messages, patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  countRows,
  openEngineTestbed,
  resetEngineData,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import { captureLogs } from "../testing";
import { importHistoryFile, receiveUploadedImport, type ImportRuntime } from "./import-runner";
import { HistoryCsvError } from "./read-history-csv";

const HEADER = "message_id,sent_at,direction,customer_phone,body";
const row = (id: string, minute: number, direction: string, body: string) =>
  `${id},2024-03-05T13:${String(minute).padStart(2, "0")}:00Z,${direction},+19025552000,${body}`;
const good = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    row(
      `m-${from + i}`,
      from + i,
      i % 2 === 0 ? "inbound" : "outbound",
      `Message number ${from + i}`,
    ),
  );

describe.each(testDatabaseKinds)("importing hostile history files on %s", (kind) => {
  let testbed: EngineTestbed;
  let db: Db;
  let runtime: ImportRuntime;
  let dir: string;

  const write = async (name: string, text: string) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };
  const lastImport = async () => {
    const [latest] = await db
      .select()
      .from(imports)
      .orderBy(sql`created_at desc`)
      .limit(1);
    return latest!;
  };

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    db = testbed.db;
    dir = await mkdtemp(path.join(tmpdir(), "playbook-hostile-import-"));
  });
  afterAll(async () => {
    await testbed.test.drop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetEngineData(db);
    await db.execute(sql`truncate table imports cascade`);
    runtime = { database: testbed.test.database, logger: captureLogs().logger };
  });

  it("rejects a row with a 3 MB field by its line and reason and imports every row after it", async () => {
    const huge = `"${'x, y ""z""\n'.repeat(300_000)}"`;
    const file = await write(
      "huge-field.csv",
      [HEADER, ...good(0, 4), row("m-huge", 4, "inbound", huge), ...good(5, 4)].join("\n") + "\n",
    );

    const result = await importHistoryFile(runtime, file, { batchSize: 3 });

    expect(result).toMatchObject({
      status: "done",
      rowsStaged: 8,
      rowsRejected: 1,
      messagesImported: 8,
    });
    const rejections = await db
      .select()
      .from(importRejections)
      .where(eq(importRejections.importId, result.id));
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [
        6,
        "Field body (column 5) is longer than the 1,000,000 bytes a row may hold; the row was skipped",
      ],
    ]);
    const imported = await db.select({ body: messages.body }).from(messages);
    expect(imported.map((m) => m.body).sort()).toContain("Message number 8");
  });

  it("fails an import whose file has a quote that never closes, with the reason, instead of calling it done", async () => {
    const file = await write(
      "unclosed.csv",
      [HEADER, ...good(0, 4), row("m-open", 4, "inbound", '"never closed'), ...good(5, 4)].join(
        "\n",
      ),
    );

    const error = await importHistoryFile(runtime, file, { batchSize: 2 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HistoryCsvError);
    const failed = await lastImport();
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.error).toMatch(
      /^Line 6: a quote opened in this record is never closed.*the import stopped/,
    );
    expect(failed.finishedAt).toBeInstanceOf(Date);
    // Nothing of a file read only in part is learned, and its staged rows are gone.
    expect(await countRows(db, messages)).toBe(0);
    expect(await countRows(db, importRows)).toBe(0);
  });

  it("fails an uploaded file that cannot be read to its end, with the reason", async () => {
    const text = [
      HEADER,
      ...good(0, 2),
      row("m-open", 2, "inbound", '"never closed'),
      ...good(3, 2),
    ].join("\n");
    const error = await receiveUploadedImport(runtime, {
      fileName: "upload.csv",
      body: new Blob([text]).stream(),
      createdBy: null,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HistoryCsvError);
    expect((error as Error).message).toMatch(
      /^Line 4: a quote opened in this record is never closed/,
    );
    expect(await lastImport()).toMatchObject({ status: "failed", source: "upload" });
  });

  it("never learns a reply that names {{__proto__}} or {{constructor}} as a pattern", async () => {
    const file = await write(
      "proto.csv",
      [
        HEADER,
        row("q-1", 0, "inbound", "What is the wifi password?"),
        row("a-1", 1, "outbound", "It is {{__proto__}} {{constructor}} on the guest network"),
      ].join("\n"),
    );

    const result = await importHistoryFile(runtime, file);

    expect(result).toMatchObject({ status: "done", patternsCreated: 0, exchangesLearned: 0 });
    expect(await countRows(db, patterns)).toBe(0);
    const [reply] = await db.select().from(messages).where(eq(messages.importKey, "a-1"));
    expect(reply).toMatchObject({ learnState: "voided", learnNote: "unsafe_template" });
  });
});
