import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { asc } from "drizzle-orm";
import {
  growthActivities,
  growthContractors,
  growthImportRejections,
  growthRevenue,
} from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { importGrowthFiles, type GrowthImportSources } from "./import-growth";

const files = (f: Partial<Record<"contractors" | "revenue" | "activities", string>>) =>
  Object.fromEntries(
    Object.entries(f).map(([k, v]) => [k, Readable.from([v])]),
  ) as GrowthImportSources;

const contractors = `contractor_id,name,joined_at,team_size,stage,focus_areas,region
c1,Acme Roofing,2020-01-15,12,scaling,greenfield growth;operations,UK
c2,,,,,,
c1,Duplicate,,,,,
,No id,,,,,
c3,Bad date,2020-13-01,,,,
c4,Bad team,,many,,,
`;
const revenue = `contractor_id,as_of,revenue,tier
c1,2020-01-15,4000000,
c1,2021-01-15,,5-10M
c2,2020-06-01,,9-12M
c2,2020-07-01,,
zz,2020-06-01,1000,
c2,2020-08-01,-5,
`;
const activities = `contractor_id,occurred_at,kind,name,rating
c1,2020-03-01,partner,BuildPro,5
c1,2020-03-01,Book,Traction,
c1,2020-03-01,webinar,X,
c2,2020-04-01,hire,ops manager,9
c2,2020-04-01,milestone
`;

describe.each(testDatabaseKinds)("importGrowthFiles on %s", (kind) => {
  let test: TestDatabase;
  const runtime = () => ({ database: test.database, logger: pino({ level: "silent" }) });
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  it("stores valid rows and reports every rejected line with its reason", async () => {
    const result = await importGrowthFiles(runtime(), files({ contractors, revenue, activities }), {
      source: "cli",
    });
    expect(result.status).toBe("done");
    expect(result.files.map((f) => [f.file, f.rowsAccepted, f.rowsRejected])).toEqual([
      ["contractors.csv", 2, 4],
      ["revenue.csv", 2, 4],
      ["activities.csv", 2, 3],
    ]);
    const rejections = await test.database.db
      .select()
      .from(growthImportRejections)
      .orderBy(asc(growthImportRejections.file), asc(growthImportRejections.line));
    const byFile = (file: string) =>
      rejections.filter((r) => r.file === file).map((r) => `${r.line}: ${r.reason}`);
    expect(byFile("contractors.csv")).toEqual([
      '4: contractor_id "c1" is already on line 2',
      "5: contractor_id: contractor_id is required",
      "6: joined_at: must be a date as YYYY-MM-DD",
      "7: team_size: Invalid input: expected number, received NaN",
    ]);
    expect(byFile("revenue.csv")).toEqual([
      expect.stringMatching(/^4: tier "9-12M" is not on the ladder/),
      "5: needs a revenue or a tier",
      '6: contractor_id "zz" is not in contractors.csv nor imported before',
      "7: revenue: must not be negative",
    ]);
    expect(byFile("activities.csv")).toEqual([
      expect.stringMatching(/^4: kind: must be one of partner, milestone/),
      "5: rating: Too big: expected number to be <=5",
      "6: has 3 fields, the header has 5",
    ]);
    const stored = await test.database.db.select().from(growthContractors);
    expect(stored.find((c) => c.contractorId === "c1")).toMatchObject({
      name: "Acme Roofing",
      joinedAt: "2020-01-15",
      teamSize: 12,
      focusAreas: ["greenfield growth", "operations"],
    });
  });

  it("is idempotent, and a later import adds and updates without erasing", async () => {
    await importGrowthFiles(runtime(), files({ contractors, revenue, activities }), {
      source: "cli",
    });
    const counts = async () => [
      (await test.database.db.select().from(growthContractors)).length,
      (await test.database.db.select().from(growthRevenue)).length,
      (await test.database.db.select().from(growthActivities)).length,
    ];
    expect(await counts()).toEqual([2, 2, 2]);
    const later = await importGrowthFiles(
      runtime(),
      files({
        contractors: "contractor_id,team_size\nc1,20\n",
        revenue: "contractor_id,as_of,revenue\nc1,2021-01-15,12000000\nc1,2022-01-15,21000000\n",
      }),
      { source: "upload" },
    );
    expect(later.rowsRejected).toBe(0);
    expect(await counts()).toEqual([2, 3, 2]);
    const all = await test.database.db.select().from(growthContractors);
    expect(all.find((c) => c.contractorId === "c1")).toMatchObject({
      contractorId: "c1",
      name: "Acme Roofing",
      teamSize: 20,
    });
    const rev = await test.database.db
      .select()
      .from(growthRevenue)
      .orderBy(asc(growthRevenue.asOf));
    expect(rev.map((r) => [r.asOf, r.revenue])).toEqual([
      ["2020-01-15", 4_000_000],
      ["2021-01-15", 12_000_000],
      ["2022-01-15", 21_000_000],
    ]);
  });

  it("refuses a file without its required columns, and records the failure", async () => {
    const result = await importGrowthFiles(
      runtime(),
      files({ revenue: "contractor_id,x\nc1,1\n" }),
      {
        source: "cli",
      },
    );
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/revenue\.csv: missing column as_of/);
  });
});
