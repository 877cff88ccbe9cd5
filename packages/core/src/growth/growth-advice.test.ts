// Goals and recommendations from a hand-made model: the evidence sentences and their counts, the 5-contractor
// floor, ranking by lift, usage and satisfaction, and poor outcomes ranking lower.
import { describe, expect, it } from "vitest";
import { contractorFacts } from "./contractor-facts";
import { draftGoals, goalPriority, patternSource, recommend } from "./growth-advice";
import type { GrowthModel, StoredPattern } from "./growth-model";
import { matchContractor } from "./match-contractor";
import { defaultTierLadder } from "./tier-ladder";

const pattern = (over: Partial<StoredPattern>): StoredPattern => ({
  id: over.factorName ?? "p",
  fromTier: "5-10M",
  toTier: "11-20M",
  tierIndex: 1,
  factorKind: "partner",
  factorName: "CRM Pro",
  verdict: "driver",
  movers: 52,
  moversWith: 41,
  comparatorShare: 0.35,
  lift: 2.25,
  liftLower: 1.6,
  liftUpper: 3.1,
  medianMonthsWith: 9,
  medianMonthsWithout: 17,
  pValue: 0.001,
  qValue: 0.01,
  evidenceConfidence: 0.99,
  outcomeConfidence: null,
  sentence: "",
  ...over,
});

function model(patterns: StoredPattern[], over: Partial<GrowthModel> = {}): GrowthModel {
  return {
    refreshId: "r1",
    ladder: defaultTierLadder,
    lastDay: 20_000,
    transitions: [],
    cohorts: [
      {
        tierIndex: 1,
        fromTier: "5-10M",
        toTier: "11-20M",
        commonFocusAreas: ["leads"],
        medianTeamSize: 10,
        commonStage: "growing",
      },
    ],
    patternsByTier: new Map([[1, patterns]]),
    spellsByTier: new Map(),
    satisfaction: new Map(),
    outcomes: new Map(),
    timelineMemo: new Map(),
    ...over,
  };
}

const facts = (activities: { kind: string; name: string }[] = []) =>
  contractorFacts(
    "c1",
    { name: "Acme", joinedDay: 19_000, teamSize: null, stage: "growing", focusAreas: ["leads"] },
    [{ day: 19_950, revenue: 6_000_000, tier: null }],
    activities,
    defaultTierLadder,
  );

describe("goals from matched patterns", () => {
  it("carries the evidence sentence with its counts, a checklist and the data gaps", () => {
    const m = model([
      pattern({}),
      pattern({ factorKind: "book", factorName: "Traction", verdict: "popular", moversWith: 38 }),
      pattern({ factorKind: "podcast", factorName: "Tiny", verdict: "popular", moversWith: 4 }),
    ]);
    const f = facts();
    const matches = matchContractor(f.profile, m.cohorts);
    const [goal, ...rest] = draftGoals(m, f, matches, m.lastDay);
    expect(rest).toEqual([]);
    expect(goal!.patternSource).toBe(
      "Based on 52 contractors who went from 5-10M to 11-20M: 79% used CRM Pro first (41 of 52), against 35% of those who had not moved up by the same time",
    );
    expect(goal!.description).toBe(
      "Use CRM Pro, as most contractors who moved up from 5-10M to 11-20M did first",
    );
    // The podcast rests on 4 contractors: not in the checklist.
    expect(goal!.checklist).toEqual([
      { key: "partner:CRM Pro", text: "Use CRM Pro" },
      { key: "book:Traction", text: 'Read "Traction" (73% of those who moved up had)' },
    ]);
    expect(goal!.dataGaps).toEqual([
      "team size unknown",
      "no partners, content or milestones recorded",
    ]);
    expect(goal!.priority).toBe(
      goalPriority(m.patternsByTier.get(1)![0]!, matches[0]!.score, false),
    );
  });

  it("suggests nothing already done, and halves the priority of a pattern with poor outcomes", () => {
    const m = model([pattern({})]);
    expect(
      draftGoals(
        m,
        facts([{ kind: "partner", name: "CRM Pro" }]),
        matchContractor(facts().profile, m.cohorts),
        null,
      ),
    ).toEqual([]);
    const p = pattern({});
    // 10 × (0.4 × 0.99 + 0.3 × (2.25 − 1) / 2 + 0.3 × 1) = 8.8; halved 4.4
    expect(goalPriority(p, 1, false)).toBe(9);
    expect(goalPriority(p, 1, true)).toBe(4);
  });
});

describe("recommendations", () => {
  it("ranks partners and content by lift, usage and satisfaction, none from fewer than 5", () => {
    const m = model(
      [
        pattern({}),
        pattern({ factorName: "LeadGen", lift: 1.2, moversWith: 30 }),
        pattern({ factorName: "Tiny CRM", lift: 4, moversWith: 4 }),
        pattern({ factorName: "Slow Co", verdict: "slower", lift: 0.5 }),
        pattern({
          factorKind: "book",
          factorName: "Traction",
          verdict: "popular",
          moversWith: 38,
          lift: 1.1,
        }),
      ],
      { satisfaction: new Map([["partner:CRM Pro", { mean: 4.8, ratings: 12 }]]) },
    );
    const f = facts();
    const r = recommend(m, f, matchContractor(f.profile, m.cohorts));
    expect(r.partners.map((p) => p.name)).toEqual(["CRM Pro", "LeadGen"]);
    expect(r.partners[0]!.sentence).toBe(
      "79% of contractors who went from 5-10M to 11-20M used CRM Pro before moving up (41 of 52), 2.3 times the share of those who had not moved up; average satisfaction 4.8 of 5 (12 contractors).",
    );
    expect(r.partners[1]!.satisfaction).toBeNull();
    expect(r.content.map((c) => c.name)).toEqual(["Traction"]);
    expect(r.content[0]!.sentence).toMatch(
      /^73% of contractors .* read "Traction" before moving up \(38 of 52\)/,
    );
  });

  it("ranks a pattern with poor outcomes lower", () => {
    const poor = { attempts: 6, completed: 0, ratingSum: 6, ratings: 6, positive: 0 };
    const m = model([pattern({}), pattern({ factorName: "LeadGen", lift: 2, moversWith: 38 })], {
      outcomes: new Map([
        [
          "5-10M|partner:CRM Pro",
          { ...poor, fromTier: "5-10M", factorKind: "partner", factorName: "CRM Pro" },
        ],
      ]),
    });
    const f = facts();
    const r = recommend(m, f, matchContractor(f.profile, m.cohorts));
    expect(r.partners.map((p) => [p.name, p.poorOutcomes])).toEqual([
      ["LeadGen", false],
      ["CRM Pro", true],
    ]);
    expect(r.partners[1]!.outcomeConfidence).toBe(0.06);
  });
});

describe("pattern source", () => {
  it("says how many went where and what share did it first", () => {
    expect(
      patternSource(
        pattern({
          factorKind: "milestone",
          factorName: "Hired an ops manager",
          movers: 20,
          moversWith: 15,
          comparatorShare: 0.2,
        }),
      ),
    ).toBe(
      'Based on 20 contractors who went from 5-10M to 11-20M: 75% reached the milestone "Hired an ops manager" first (15 of 20), against 20% of those who had not moved up by the same time',
    );
  });
});
