// A small run of the soak under faults (bench/soak/soak.ts) as part of `npm test`: 300 signed webhooks with
// redeliveries, forgeries and STOP/START against the API and worker processes, one database cut and one API kill.
// Only on a server (TEST_DATABASE_URL): the processes share a PostgreSQL database.
import { describe, expect, it } from "vitest";
import { formatTable } from "./soak-report";
import { runSoak } from "./soak";

const serverUrl = process.env.TEST_DATABASE_URL;

describe.runIf(serverUrl)("the soak under faults, small", () => {
  it("acknowledges, stores and decides everything once, in order, with no harm", async () => {
    const report = await runSoak({
      webhooks: 300,
      rate: 100,
      customers: 40,
      faults: 2,
      serverUrl: serverUrl!,
      log: () => undefined,
    });
    const table = formatTable(report);
    const value = (label: string) => report.rows.find(([l]) => l === label)?.[1];
    expect(Number(value("webhooks acknowledged")), table).toBeGreaterThan(250);
    expect(value("decisions per message"), table).toBe("1.000");
    expect(Number(value("sends at the fake OpenPhone")), table).toBeGreaterThan(0);
    expect(report.harm, table).toBe(0);
    // Up to the stall allowance of runSoak (3.5 minutes) on top of sending, when a kill interrupts a send.
  }, 420_000);
});
