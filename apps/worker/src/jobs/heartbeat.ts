// Proves the mechanism end to end: a scheduled, locked, recorded run that reaches the database.
import { queryRows } from "@playbook/db";
import { sql } from "drizzle-orm";
import type { JobDefinition } from "../job";

export const heartbeatJob: JobDefinition = {
  name: "heartbeat",
  schedule: "* * * * *",
  description: "Records that a worker is alive and can reach the database.",
  runOnStart: true,
  async run({ database, workerId }) {
    const [row] = await queryRows<{ now: Date | string }>(database.db, sql`select now() as now`);
    if (!row) throw new Error("select now() returned no row");
    return { databaseTime: new Date(row.now).toISOString(), workerId };
  },
};
