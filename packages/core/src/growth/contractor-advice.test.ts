// One contractor's advice on both databases: matches with reasons, goals whose evidence sentences carry the
// stored pattern's counts, ticks kept across a refresh, recommendations with satisfaction, the timeline, and
// outcomes feeding outcome confidence (kept apart from evidence confidence) into this set and the next.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { and, eq, inArray, sql } from "drizzle-orm";
import { growthPatterns, growthRefreshes, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { goalPriority } from "./growth-advice";
import { getGrowthContractor, listGrowthContractors } from "./growth-contractors";
import { getContractorAdvice, tickChecklist } from "./growth-goals";
import { dropGrowthModelCache } from "./growth-model";
import { applyOutcomeConfidence, listPatternOutcomes, recordOutcome } from "./growth-outcomes";
import { contractorsBelowWithout, importSyntheticGrowth } from "./growth-fixtures";
import { refreshGrowthPatterns } from "./refresh-growth";

const CRM = { fromTier: "0-5M", factorKind: "partner", factorName: "CRM Pro" };

describe.each(testDatabaseKinds)("contractor advice on %s", (kind) => {
  let test: TestDatabase;
  let actor: { userId: string; ip: null };
  const runtime = () => ({ database: test.database, logger: pino({ level: "silent" }) });
  /** Contractors last seen in 0-5M who have not used CRM Pro. */
  let candidates: string[];

  const crmPattern = async (fromTier = CRM.fromTier) => {
    const db = test.database.db;
    const current = db
      .select({ id: growthRefreshes.id })
      .from(growthRefreshes)
      .where(eq(growthRefreshes.isCurrent, true));
    const [row] = await db
      .select()
      .from(growthPatterns)
      .where(
        and(
          inArray(growthPatterns.refreshId, current),
          eq(growthPatterns.fromTier, fromTier),
          eq(growthPatterns.factorKind, CRM.factorKind),
          eq(growthPatterns.factorName, CRM.factorName),
        ),
      );
    return row!;
  };

  beforeAll(async () => {
    dropGrowthModelCache();
    test = await openTestDatabase(kind);
    await importSyntheticGrowth(runtime(), { contractors: 600, seed: 9, noiseActivities: 2 });
    const db = test.database.db;
    // Profiles with focus areas, and ratings of CRM Pro (4 or 5), which the generator does not make.
    await db.execute(sql`update growth_contractors set focus_areas = case
      when contractor_id like '%1' or contractor_id like '%2' then array['Leads','Hiring']
      else array['Leads'] end`);
    await db.execute(sql`update growth_activities set rating = 4 + (length(contractor_id) % 2)
      where name = 'CRM Pro'`);
    const [user] = await db
      .insert(users)
      .values({ email: "op@example.com", name: "Op", role: "operator", passwordHash: "x" })
      .returning();
    actor = { userId: user!.id, ip: null };
    await refreshGrowthPatterns(runtime(), "request");
    candidates = await contractorsBelowWithout(db, 5_000_000, "CRM Pro", 8);
    expect(candidates.length).toBe(8);
  }, 180_000);
  afterAll(() => test.drop());

  it("matches, sets goals with their evidence, recommends and gives a timeline", async () => {
    const advice = await getContractorAdvice(test.database.db, candidates[0]!);
    expect(advice.matches[0]).toMatchObject({ fromTier: "0-5M", toTier: "5-10M" });
    expect(advice.matches[0]!.reasons).toMatch(/^same tier; 1 of 1 focus areas shared; /);
    expect(advice.matches.every((m) => m.score >= 0.3)).toBe(true);

    const pattern = await crmPattern();
    const goal = advice.goals.find((g) => g.factorName === "CRM Pro" && g.fromTier === "0-5M")!;
    expect(goal).toMatchObject({ active: true, evidenceConfidence: pattern.evidenceConfidence });
    const share = Math.round((pattern.moversWith / pattern.movers) * 100);
    expect(goal.patternSource).toContain(
      `Based on ${pattern.movers} contractors who went from 0-5M to 5-10M: ${share}% used CRM Pro first (${pattern.moversWith} of ${pattern.movers})`,
    );
    expect(goal.checklist[0]).toMatchObject({
      key: "partner:CRM Pro",
      text: "Use CRM Pro",
      done: false,
    });
    expect(goal.outcome).toBeNull();

    const crm = advice.recommendations.partners.find((p) => p.name === "CRM Pro")!;
    expect(crm.satisfaction!.ratings).toBeGreaterThanOrEqual(5);
    expect(crm.satisfaction!.mean).toBeGreaterThanOrEqual(4);
    const its = await crmPattern(crm.fromTier);
    expect(crm.sentence).toContain(`(${its.moversWith} of ${its.movers})`);

    const t = advice.timeline!;
    expect(t).toMatchObject({ fromTier: "0-5M", toTier: "5-10M" });
    expect(t.contractors).toBeGreaterThanOrEqual(5);
    expect(t.withinTwelveMonths).toBeGreaterThan(0);
    expect(t.withinTwelveMonths).toBeLessThan(1);
    expect(t.sentence).toMatch(
      /to reach 5-10M \(median \d+, \d+ contractors\); chance of moving up within 12 months/,
    );
  });

  it("keeps what was ticked when a refresh rebuilds the goals", async () => {
    const db = test.database.db;
    const before = await getContractorAdvice(db, candidates[0]!);
    const goal = before.goals.find((g) => g.factorName === "CRM Pro")!;
    await tickChecklist(db, { goalId: goal.id, key: "partner:CRM Pro", done: true }, actor);
    const second = await refreshGrowthPatterns(runtime(), "request");
    const after = await getContractorAdvice(db, candidates[0]!);
    expect(after.refreshId).toBe(second.refreshId);
    const rebuilt = after.goals.find((g) => g.factorName === "CRM Pro")!;
    expect(rebuilt.id).toBe(goal.id);
    expect(rebuilt.refreshId).toBe(second.refreshId);
    expect(rebuilt.checklist[0]).toMatchObject({ done: true, doneBy: actor.userId });
  });

  it("turns outcomes into outcome confidence, flags poor patterns and carries them to the next set", async () => {
    const db = test.database.db;
    const evidence = (await crmPattern()).evidenceConfidence;
    for (const id of candidates.slice(1, 6)) {
      const goal = (await getContractorAdvice(db, id)).goals.find(
        (g) => g.factorName === "CRM Pro",
      )!;
      await recordOutcome(
        db,
        {
          goalId: goal.id,
          completed: false,
          daysToCompletion: null,
          rating: 1,
          revenueImpact: "negative",
          whatWorked: null,
          whatDidNot: "too expensive",
        },
        actor,
      );
    }
    // (0.5 × 0 + 0.3 × 1/5 + 0.2 × 0) × min(1, 5/5)
    expect(await crmPattern()).toMatchObject({
      outcomeConfidence: 0.06,
      evidenceConfidence: evidence,
    });
    const flagged = (await listPatternOutcomes(db)).find((p) => p.factorName === "CRM Pro")!;
    expect(flagged).toMatchObject({ attempts: 5, outcomeConfidence: 0.06, poor: true });
    // A contractor advised after the outcomes: the goal's priority is halved for them.
    const later = await getContractorAdvice(db, candidates[6]!);
    const laterGoal = later.goals.find((g) => g.factorName === "CRM Pro" && g.fromTier === "0-5M")!;
    const pattern = await crmPattern();
    expect(laterGoal.priority).toBe(goalPriority(pattern, laterGoal.matchScore, true));
    expect(laterGoal.priority).toBeLessThan(goalPriority(pattern, laterGoal.matchScore, false));

    const third = await refreshGrowthPatterns(runtime(), "request");
    expect((await crmPattern()).outcomeConfidence).toBeNull();
    await applyOutcomeConfidence(db, third.refreshId);
    expect((await crmPattern()).outcomeConfidence).toBe(0.06);
  });

  it("lists and shows contractors with their tier history", async () => {
    const found = await listGrowthContractors(test.database.db, {
      search: candidates[0]!,
      limit: 5,
      offset: 0,
    });
    expect(found.map((c) => c.contractorId)).toContain(candidates[0]);
    const one = await getGrowthContractor(test.database.db, candidates[0]!);
    expect(one.history.length).toBeGreaterThan(0);
    expect(one.history.at(-1)!.tier).toBe("0-5M");
  });
});
