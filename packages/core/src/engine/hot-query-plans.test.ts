// Queries that run every minute in every process, as the code sends them, have an index to read: with sequential
// and bitmap scans priced out, the plan names it. (On tables this small the planner would scan anyway; what is
// checked is that the index fits the query's shape and order, so a change to either shows here rather than as a
// slow minute at 100,000 rows.)
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@playbook/db";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { collectAlertsStatement } from "../alerts/collect-alerts";
import { latestJudgmentsQuery } from "./pattern-index";

describe.each(testDatabaseKinds)("the plans of the hot queries on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
  });
  afterAll(() => test.drop());

  async function planOf(query: SQL): Promise<string> {
    return test.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      const rows = await queryRows<Record<string, string>>(tx, sql`explain ${query}`);
      return rows.map((row) => Object.values(row).join("")).join("\n");
    });
  }

  it("reads the latest judged proposals from decisions_judged_idx, in its order (no sort)", async () => {
    const plan = await planOf(latestJudgmentsQuery(6_000));
    expect(plan).toContain("decisions_judged_idx");
    expect(plan).not.toMatch(/\bSort\b/);
  });

  it("finds recent escalations for alerts through conversations_escalated_idx", async () => {
    const plan = await planOf(
      collectAlertsStatement({ now: new Date(), slackConfigured: true }, 10),
    );
    expect(plan).toContain("conversations_escalated_idx");
  });
});
