// `npm run playbook -- growth-import DIR` in a child process, on the embedded database: imports the folder,
// prints rejected lines, refreshes; a second run of the same folder changes nothing.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticGrowth, growthCsv } from "@playbook/core";
import { createDb, queryRows } from "@playbook/db";
import { sql } from "drizzle-orm";
import { spawnProcess } from "../../../../build/spawn-process";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

function playbook(args: string[], env: Record<string, string>) {
  return spawnProcess(["--import", "tsx", path.join(root, "apps/api/src/cli/main.ts"), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
  });
}

describe("growth-import command", () => {
  let dir: string;
  let dataDir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "growth-csv-"));
    dataDir = await mkdtemp(path.join(tmpdir(), "growth-db-"));
    const g = generateSyntheticGrowth({ contractors: 120, seed: 2, noiseActivities: 0 });
    await writeFile(path.join(dir, "contractors.csv"), growthCsv("contractors", g.contractors));
    await writeFile(
      path.join(dir, "revenue.csv"),
      growthCsv("revenue", g.revenue) + "nobody,2024-01-01,5,\n",
    );
    await writeFile(path.join(dir, "activities.csv"), growthCsv("activities", g.activities));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it("imports, reports the rejected line, refreshes, and is idempotent", async () => {
    const env = { PLAYBOOK_DATA_DIR: dataDir, LOG_LEVEL: "silent" };
    const first = playbook(["growth-import", dir], env);
    expect(await first.exited).toBe(0);
    const out = first.output();
    expect(out).toMatch(/contractors\.csv\s+120 accepted, 0 rejected/);
    expect(out).toMatch(/revenue\.csv line \d+: contractor_id "nobody" is not in contractors\.csv/);
    expect(out).toMatch(/Refreshed growth patterns .*: 9 transitions/);

    const second = playbook(["growth-import", dir, "--no-refresh"], env);
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toMatch(/Refreshed/);
    const database = await createDb({ dataDir });
    try {
      const [counts] = await queryRows<{ c: number; r: number; imports: number }>(
        database.db,
        sql`select (select count(*) from growth_contractors) as c, (select count(*) from growth_revenue) as r,
                   (select count(*) from growth_imports) as imports`,
      );
      expect(counts).toMatchObject({ c: 120, imports: 2 });
    } finally {
      await database.close();
    }
  }, 120_000);

  it("says when the folder is missing", async () => {
    const run = playbook(["growth-import", path.join(dir, "nope")], {
      PLAYBOOK_DATA_DIR: dataDir,
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Folder not found/);
  });
});
