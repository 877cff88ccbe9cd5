// Statements with fixed text must read back exactly what drizzle reads (dates as Date, json as values, numbers as
// numbers), inside and outside a transaction, and take part in the transaction they run in.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client";
import { patterns } from "./schema/index";
import { columnsOf, runStatement, statement } from "./statement";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "./testing";

const patternColumns = columnsOf(patterns, "p");
const insertPattern = statement(
  "test_insert_pattern",
  `insert into patterns as p (signature, trigger_text, response_template, response_signature, created_from,
     variable_defaults, confidence, last_used_at)
   values ($1, $2, 'We open at 9.', 'resp', 'manual', $3::text::jsonb, $4, $5)
   returning ${patternColumns.list}`,
);
const patternById = statement(
  "test_pattern_by_id",
  `select ${patternColumns.list} from patterns p where p.id = $1`,
);

describe.each(testDatabaseKinds)("statements with fixed text on %s", (kind) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    database = test.database;
  });
  afterAll(() => test.drop());

  it("returns the row drizzle returns for the same record, types included", async () => {
    const lastUsed = new Date("2026-03-04T05:06:07.891Z");
    const [row] = await runStatement(database.db, insertPattern, [
      "sig-a",
      "when do you open",
      JSON.stringify({ time: "9am" }),
      0.75,
      lastUsed,
    ]);
    const inserted = patternColumns.read(row!);
    const [viaDrizzle] = await database.db
      .select()
      .from(patterns)
      .where(eq(patterns.id, inserted.id));
    expect(inserted).toEqual(viaDrizzle);
    expect(inserted.lastUsedAt).toEqual(lastUsed);
    expect(inserted.variableDefaults).toEqual({ time: "9am" });
    expect(inserted.confidence).toBe(0.75);
    expect(inserted.deletedAt).toBeNull();
    // The same statement again (on the server: the prepared one) reads the same.
    const [again] = await runStatement(database.db, patternById, [inserted.id]);
    expect(patternColumns.read(again!)).toEqual(viaDrizzle);
  });

  it("runs inside the transaction it is given: a rollback takes its write away", async () => {
    let id = "";
    await expect(
      database.db.transaction(async (tx) => {
        const [row] = await runStatement(tx, insertPattern, [
          "sig-b",
          "is there parking",
          "{}",
          0.5,
          null,
        ]);
        id = patternColumns.read(row!).id;
        // Seen inside the transaction that wrote it.
        expect(await runStatement(tx, patternById, [id])).toHaveLength(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await runStatement(database.db, patternById, [id])).toHaveLength(0);
  });

  it("prepares a statement once per connection on a server, but not one planned at every run", async () => {
    const prepared = statement("test_prepared_probe", "select count(*)::int as n from patterns");
    const unprepared = statement(
      "test_unprepared_probe",
      "select count(*)::int as n from patterns where id is not null",
      { planEachRun: true },
    );
    const names = await database.db.transaction(async (tx) => {
      await runStatement(tx, prepared, []);
      const [count] = await runStatement<{ n: number }>(tx, unprepared, []);
      expect(typeof count?.n).toBe("number");
      const rows = await runStatement<{ name: string }>(
        tx,
        statement(
          "test_list_prepared",
          "select name from pg_prepared_statements where name like 'test_%probe'",
          { planEachRun: true },
        ),
        [],
      );
      return rows.map((row) => row.name);
    });
    // The embedded database runs every statement unnamed.
    expect(names).toEqual(kind === "postgres" ? ["test_prepared_probe"] : []);
  });

  it("refuses a second text under a name already used", () => {
    expect(() => statement("test_pattern_by_id", "select 1")).toThrow(/defined twice/);
  });
});
