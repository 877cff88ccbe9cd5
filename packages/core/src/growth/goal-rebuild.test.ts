// What rebuilds a contractor's stored goals, on both databases: the patterns are cached per process and a refresh
// drops the cache; new matching weights rebuild the goals on their next read, and a new ladder makes a refresh
// due, after which they are rebuilt too. Ticked items and recorded outcomes survive every rebuild.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { contractorsBelowWithout, importSyntheticGrowth } from "./growth-fixtures";
import { getContractorAdvice, tickChecklist } from "./growth-goals";
import { dropGrowthModelCache, getGrowthModel } from "./growth-model";
import { recordOutcome } from "./growth-outcomes";
import { getGrowthSettings, updateGrowthSettings } from "./growth-settings";
import { growthRefreshDue, refreshGrowthPatterns } from "./refresh-growth";

describe.each(testDatabaseKinds)("rebuilding goals on %s", (kind) => {
  let test: TestDatabase;
  let actor: { userId: string; ip: null };
  let contractorId: string;
  const runtime = () => ({ database: test.database, logger: pino({ level: "silent" }) });
  const crmGoal = async () =>
    (await getContractorAdvice(test.database.db, contractorId)).goals.find(
      (g) => g.fromTier === "0-5M" && g.factorName === "CRM Pro",
    )!;

  beforeAll(async () => {
    dropGrowthModelCache();
    test = await openTestDatabase(kind);
    await importSyntheticGrowth(runtime(), { contractors: 400, seed: 5, noiseActivities: 0 });
    const [user] = await test.database.db
      .insert(users)
      .values({ email: "admin@example.com", name: "Ad", role: "admin", passwordHash: "x" })
      .returning();
    actor = { userId: user!.id, ip: null };
    await refreshGrowthPatterns(runtime(), "request");
    [contractorId] = (await contractorsBelowWithout(test.database.db, 5_000_000, "CRM Pro", 1)) as [
      string,
    ];
  }, 180_000);
  afterAll(() => test.drop());

  it("keeps the patterns cached until a refresh, which drops them", async () => {
    const db = test.database.db;
    const first = await getGrowthModel(db);
    expect(await getGrowthModel(db)).toBe(first);
    const refreshed = await refreshGrowthPatterns(runtime(), "request");
    const next = await getGrowthModel(db);
    expect(next).not.toBe(first);
    expect(next!.refreshId).toBe(refreshed.refreshId);
    expect(await getGrowthModel(db)).toBe(next);
  });

  it("rebuilds goals with new matching weights, keeping ticks and the outcome", async () => {
    const db = test.database.db;
    const before = await crmGoal();
    expect(before.matchWeights).toEqual((await getGrowthSettings(db)).growthMatchWeights);
    await tickChecklist(db, { goalId: before.id, key: "partner:CRM Pro", done: true }, actor);
    await recordOutcome(
      db,
      {
        goalId: before.id,
        completed: true,
        daysToCompletion: 30,
        rating: 4,
        revenueImpact: "positive",
        whatWorked: null,
        whatDidNot: null,
      },
      actor,
    );
    // The tier alone: a contractor in 0-5M matches 0-5M → 5-10M fully, whatever else is known.
    const tierOnly = { tier: 1, focus: 0, teamSize: 0, stage: 0 };
    await updateGrowthSettings(db, { growthMatchWeights: tierOnly }, actor);

    const advice = await getContractorAdvice(db, contractorId);
    const after = advice.goals.find((g) => g.id === before.id)!;
    expect(after.matchWeights).toEqual(tierOnly);
    expect(after.matchScore).toBe(1);
    expect(advice.matches[0]).toMatchObject({ fromTier: "0-5M", score: 1 });
    expect(before.matchScore).toBeLessThan(1);
    expect(after.checklist.find((i) => i.key === "partner:CRM Pro")).toMatchObject({
      done: true,
      doneBy: actor.userId,
    });
    expect(after.outcome).toMatchObject({ completed: true, rating: 4, revenueImpact: "positive" });
    expect(advice.goals.every((g) => g.matchWeights?.tier === 1)).toBe(true);
  });

  it("makes a refresh due when the ladder changes; the refresh rebuilds goals keeping what was done", async () => {
    const db = test.database.db;
    const before = await crmGoal();
    expect(await growthRefreshDue(db, new Date())).toBeNull();
    const ladder = (await getGrowthSettings(db)).growthTierLadder.map((t) =>
      t.label === "300M+" ? { ...t, minRevenue: t.minRevenue + 1_000_000 } : t,
    );
    await updateGrowthSettings(db, { growthTierLadder: ladder }, actor);
    expect(await growthRefreshDue(db, new Date())).toBe("ladder");

    const refreshed = await refreshGrowthPatterns(runtime(), "ladder");
    expect(await growthRefreshDue(db, new Date())).toBeNull();
    const after = await crmGoal();
    expect(after.id).toBe(before.id);
    expect(after.refreshId).toBe(refreshed.refreshId);
    expect(after.checklist.find((i) => i.key === "partner:CRM Pro")!.done).toBe(true);
    expect(after.outcome).toMatchObject({ completed: true });
  });
});
