// Test fixtures for growth: a synthetic program imported into a test database, and contractors to advise.
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import { queryRows } from "@playbook/db";
import { importGrowthFiles, type GrowthImportRuntime } from "./import-growth";
import { generateSyntheticGrowth, type SyntheticOptions } from "./synthetic-growth";
import { growthCsv } from "./write-growth-csv";

export async function importSyntheticGrowth(
  runtime: GrowthImportRuntime,
  options: Partial<SyntheticOptions>,
) {
  const g = generateSyntheticGrowth(options);
  return importGrowthFiles(
    runtime,
    {
      contractors: Readable.from([growthCsv("contractors", g.contractors)]),
      revenue: Readable.from([growthCsv("revenue", g.revenue)]),
      activities: Readable.from([growthCsv("activities", g.activities)]),
    },
    { source: "cli" },
  );
}

/** Contractors whose last revenue is below `maxRevenue` and who never did the activity named. */
export async function contractorsBelowWithout(
  db: Executor,
  maxRevenue: number,
  activity: string,
  limit: number,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select c.contractor_id as id from growth_contractors c
        where (select revenue from growth_revenue r where r.contractor_id = c.contractor_id
               order by as_of desc limit 1) < ${maxRevenue}
          and not exists (select 1 from growth_activities a
                          where a.contractor_id = c.contractor_id and a.name = ${activity})
        order by c.contractor_id limit ${limit}`,
  );
  return rows.map((r) => r.id);
}
