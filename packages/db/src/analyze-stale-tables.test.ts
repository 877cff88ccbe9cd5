import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeStaleTables } from "./analyze-stale-tables";
import { queryRows } from "./client";
import { customers } from "./schema/index";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "./testing";

const customerRows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    phone: `+1555${String(from + i).padStart(7, "0")}`,
    name: `Customer ${from + i} with a name long enough to fill pages`,
  }));

describe("analyzeStaleTables on the embedded database", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase("pglite");
  });
  afterAll(() => test.drop());

  const estimate = async () => {
    const [row] = await queryRows<{ reltuples: number }>(
      test.database.db,
      sql`select reltuples::float8 as reltuples from pg_class where relname = 'customers'`,
    );
    return row?.reltuples;
  };

  it("analyzes a table never analyzed, leaves it alone until its size moves by a tenth, then again", async () => {
    const { db } = test.database;
    await db.insert(customers).values(customerRows(0, 2_000));
    expect(await analyzeStaleTables(test.database)).toContain("customers");
    expect(await estimate()).toBe(2_000);

    // Unchanged, and then changed by far less than a tenth: nothing to do.
    expect(await analyzeStaleTables(test.database)).not.toContain("customers");
    await db.insert(customers).values(customerRows(2_000, 20));
    expect(await analyzeStaleTables(test.database)).not.toContain("customers");
    expect(await estimate()).toBe(2_000);

    await db.insert(customers).values(customerRows(3_000, 1_000));
    expect(await analyzeStaleTables(test.database)).toContain("customers");
    expect(await estimate()).toBe(3_020);
  });

  it("vacuums them too when asked, marking every page all-visible", async () => {
    const { db } = test.database;
    await db.insert(customers).values(customerRows(20_000, 3_000));
    const visibility = async () => {
      const [row] = await queryRows<{ relpages: number; relallvisible: number }>(
        db,
        sql`select relpages, relallvisible from pg_class where relname = 'customers'`,
      );
      return row;
    };
    expect(await analyzeStaleTables(test.database, { vacuum: true })).toContain("customers");
    const after = await visibility();
    expect(after?.relpages).toBeGreaterThan(0);
    expect(after?.relallvisible).toBe(after?.relpages);
  });
});

// A server runs its own autovacuum (only where the suite has one: TEST_DATABASE_URL).
describe.each(testDatabaseKinds.filter((kind) => kind !== "pglite"))(
  "analyzeStaleTables on %s",
  (kind) => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await openTestDatabase(kind);
    });
    afterAll(() => test.drop());

    it("leaves the server to its autovacuum", async () => {
      await test.database.db.insert(customers).values(customerRows(10_000, 2_000));
      expect(await analyzeStaleTables(test.database)).toEqual([]);
    });
  },
);
