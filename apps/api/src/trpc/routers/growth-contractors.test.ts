// The contractor side of growth through tRPC callers: viewers read advice, operators tick and record outcomes,
// admins see outcomes per pattern and change the matching weights (a growth setting); inputs are checked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropGrowthModelCache } from "@playbook/core";
import { contractorsBelowWithout, importSyntheticGrowth } from "@playbook/core/testing";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { contextFor, createTestUser, testLogger } from "../../testing";
import { createCallerFactory } from "../init";
import { appRouter } from "../router";

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

describe.each(testDatabaseKinds)("growth contractors API on %s", (kind) => {
  let test: TestDatabase;
  let viewer: Caller;
  let operator: Caller;
  let admin: Caller;
  let contractorId: string;
  beforeAll(async () => {
    dropGrowthModelCache();
    test = await openTestDatabase(kind);
    const callerFor = async (role: "viewer" | "operator" | "admin") =>
      createCaller(await contextFor(test.database, (await createTestUser(test.database, role)).id));
    viewer = await callerFor("viewer");
    operator = await callerFor("operator");
    admin = await callerFor("admin");
    await importSyntheticGrowth(
      { database: test.database, logger: testLogger },
      { contractors: 400, seed: 5, noiseActivities: 0 },
    );
    await admin.growth.refresh();
    [contractorId] = (await contractorsBelowWithout(test.database.db, 5_000_000, "CRM Pro", 1)) as [
      string,
    ];
  }, 180_000);
  afterAll(() => test.drop());

  it("gives a viewer the advice and lets only an operator tick and record", async () => {
    const advice = await viewer.growth.advice({ contractorId });
    const goal = advice.goals.find((g) => g.factorName === "CRM Pro")!;
    expect(goal.patternSource).toMatch(
      /^Based on \d+ contractors who went from 0-5M to 5-10M: \d+% used CRM Pro first/,
    );
    expect(advice.timeline?.toTier).toBe("5-10M");
    const tick = { goalId: goal.id, key: "partner:CRM Pro", done: true };
    await expect(viewer.growth.tickChecklist(tick)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const ticked = await operator.growth.tickChecklist(tick);
    expect(ticked.checklist[0]!.done).toBe(true);
    const outcome = {
      goalId: goal.id,
      completed: true,
      daysToCompletion: 40,
      rating: 5,
      revenueImpact: "positive" as const,
      whatWorked: "Follow-ups",
      whatDidNot: null,
    };
    await expect(viewer.growth.recordOutcome(outcome)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(operator.growth.recordOutcome({ ...outcome, rating: 6 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await operator.growth.recordOutcome(outcome);
    await expect(operator.growth.patternOutcomes()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outcomes = await admin.growth.patternOutcomes();
    // One attempt, everything positive: 1 × min(1, 1/5)
    expect(outcomes).toEqual([
      expect.objectContaining({
        factorName: "CRM Pro",
        attempts: 1,
        outcomeConfidence: 0.2,
        poor: false,
      }),
    ]);
    const again = await viewer.growth.advice({ contractorId });
    expect(again.goals.find((g) => g.id === goal.id)!.outcome).toMatchObject({
      rating: 5,
      completed: true,
    });
  });

  it("lets an admin change the matching weights, checked", async () => {
    const weights = { tier: 1, focus: 0, teamSize: 0, stage: 0 };
    await expect(
      operator.growth.setSettings({ growthMatchWeights: weights }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      admin.growth.setSettings({ growthMatchWeights: { ...weights, tier: 0 } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await admin.growth.setSettings({ growthMatchWeights: weights });
    expect((await viewer.growth.settings()).growthMatchWeights).toEqual(weights);
    const advice = await viewer.growth.advice({ contractorId });
    // Only the tier counts: 1 for its own tier (0-5M), 0.5 for the next, 0.25 for the one after.
    expect(advice.matches.length).toBeGreaterThanOrEqual(2);
    for (const m of advice.matches) expect(m.score).toBe([1, 0.5, 0.25][m.tierIndex]);
  });

  it("finds contractors and answers NOT_FOUND for an unknown one", async () => {
    const list = await viewer.growth.contractors({ search: contractorId });
    expect(list.map((c) => c.contractorId)).toContain(contractorId);
    await expect(viewer.growth.advice({ contractorId: "nobody" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
