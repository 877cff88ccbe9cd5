// ReplayTally on hand-made answered messages: the figures per decision level, the cumulative thresholds, the
// time saved and the pattern ranking.
import { describe, expect, it } from "vitest";
import type { AnsweredMessage, DecisionState, PatternRow } from "./history-state";
import { minutesSavedBy, ReplayTally, type DecisionLevel } from "./replay-tally";

const at = new Date("2024-03-05T15:00:00Z");

function answered(
  mode: DecisionLevel,
  patternId: string | null,
  matched: boolean,
): AnsweredMessage {
  const decision: DecisionState = {
    id: `decision-${mode}-${patternId}`,
    messageId: "message",
    conversationId: "conversation",
    patternId,
    mode,
    createdAt: at,
    template: patternId && `reply of ${patternId}`,
    confidence: patternId ? 0.9 : null,
    matchScore: patternId ? 0.8 : null,
    proposedReply: mode === "none" ? null : patternId && `reply of ${patternId}`,
    bestReply: patternId && `reply of ${patternId}`,
    probability: patternId ? 0.9 : null,
    evidence: null,
    failedGates: [],
    correct: patternId ? matched : null,
    outcome: "none",
    review: null,
    reviewedAt: null,
  };
  return {
    message: null,
    conversationId: "conversation",
    decision,
    operatorReply: "what the operator wrote",
    matched,
  };
}

function patternRow(id: string): PatternRow {
  return {
    id,
    type: "faq",
    signature: `signature ${id}`,
    triggerText: `question of ${id}`,
    triggerKeywords: [],
    responseTemplate: `reply of ${id}`,
    responseSignature: `response signature ${id}`,
    variables: [],
    actionTemplate: null,
    variableDefaults: {},
    confidence: 0.9,
    isActive: true,
    autoExecutable: true,
    requiresConfirmation: true,
    executionCount: 0,
    successCount: 0,
    failureCount: 0,
    overrideCount: 0,
    qualityScore: null,
    isGoldStandard: false,
    createdFrom: "manual",
    tags: [],
    notes: null,
    version: 1,
    createdBy: null,
    firstSeenAt: at,
    lastUsedAt: null,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
    importKey: null,
  };
}

const context = {
  file: "history.csv",
  policy: "what-if" as const,
  rowsRead: 40,
  rowsRejected: 2,
  rejections: [
    { line: 7, reason: "direction is empty" },
    { line: 9, reason: "body is empty" },
  ],
  rowsDuplicate: 1,
  customerMessages: 20,
  seconds: 1.5,
  messagesPerSecond: 25,
  peakRssMb: 300,
};

function summarize(tally: ReplayTally, patternIds: string[] = []) {
  return tally.summarize({
    ...context,
    patterns: new Map(patternIds.map((id) => [id, patternRow(id)])),
  });
}

function tallyOf(
  messages: AnsweredMessage[],
  time = { minutesPerReply: 2, reviewMinutes: 0.5 },
): ReplayTally {
  const tally = new ReplayTally(time);
  for (const message of messages) tally.add(message);
  return tally;
}

describe("ReplayTally", () => {
  // 8 answered messages: 3 auto (2 right), 2 suggest (1 right), 1 queue (right), 1 shadow (right), 1 none.
  const mixed = [
    answered("auto", "p1", true),
    answered("auto", "p1", true),
    answered("auto", "p2", false),
    answered("suggest", "p2", true),
    answered("suggest", "p3", false),
    answered("queue", "p3", true),
    answered("shadow", "p4", true),
    answered("none", null, false),
  ];

  it("counts each level, how often it was right and what share of the answered messages it took", () => {
    const summary = summarize(tallyOf(mixed));
    expect(summary.answered).toBe(8);
    expect(summary.decisions).toEqual({
      auto: 3,
      suggest: 2,
      queue: 1,
      shadow: 1,
      escalate: 0,
      none: 1,
    });
    expect(summary.levels).toEqual([
      // 3/8 and 2/3, rounded to four decimals.
      { decision: "auto", count: 3, matched: 2, coverage: 0.375, precision: 0.6667 },
      { decision: "suggest", count: 2, matched: 1, coverage: 0.25, precision: 0.5 },
      { decision: "queue", count: 1, matched: 1, coverage: 0.125, precision: 1 },
      { decision: "shadow", count: 1, matched: 1, coverage: 0.125, precision: 1 },
      // Nothing escalated: there is no precision to speak of, not a precision of 0.
      { decision: "escalate", count: 0, matched: 0, coverage: 0, precision: null },
      { decision: "none", count: 1, matched: 0, coverage: 0.125, precision: 0 },
    ]);
  });

  it("adds the levels up threshold by threshold: auto, auto + suggest, auto + suggest + queue", () => {
    expect(summarize(tallyOf(mixed)).cumulative).toEqual([
      { levels: ["auto"], count: 3, coverage: 0.375, precision: 0.6667 },
      { levels: ["auto", "suggest"], count: 5, coverage: 0.625, precision: 0.6 },
      { levels: ["auto", "suggest", "queue"], count: 6, coverage: 0.75, precision: 0.6667 },
    ]);
  });

  it("reports the automatic replies that would have gone out, right and wrong", () => {
    expect(summarize(tallyOf(mixed)).wouldBeAutomations).toEqual({
      count: 3,
      correct: 2,
      wrong: 1,
    });
  });

  it("saves a whole reply per right auto and the reply less its review per right suggestion or queue item", () => {
    const time = { minutesPerReply: 4, reviewMinutes: 1 };
    // Right autos: 2 × 4; right suggest and queue: 2 × (4 − 1). A wrong proposal, a shadow decision and a
    // message nothing matched save nothing.
    expect(summarize(tallyOf(mixed, time)).timeSaved).toEqual({
      minutesPerReply: 4,
      reviewMinutes: 1,
      minutes: 14,
      hours: 0.2333,
    });
  });

  it("never counts a review longer than the reply as time lost", () => {
    const time = { minutesPerReply: 1, reviewMinutes: 3 };
    const summary = summarize(
      tallyOf([answered("suggest", "p1", true), answered("auto", "p1", true)], time),
    );
    expect(summary.timeSaved.minutes).toBe(1);
    expect(summary.topPatterns[0]).toMatchObject({ patternId: "p1", minutesSaved: 1 });
  });

  it("ranks the patterns by minutes saved, then by automatic replies, and names them", () => {
    const summary = summarize(
      tallyOf(
        [
          // p1: 1 right auto = 2 min. p2: 2 right suggestions = 3 min. p3: 1 right queue item = 1.5 min.
          // p4: 2 wrong autos = 0 min. p5: 1 wrong queue item = 0 min, and fewer autos than p4.
          answered("auto", "p1", true),
          answered("suggest", "p2", true),
          answered("queue", "p2", true),
          answered("queue", "p3", true),
          answered("auto", "p4", false),
          answered("auto", "p4", false),
          answered("queue", "p5", false),
          // Decisions that propose nothing a human would send do not rank a pattern.
          answered("shadow", "p6", true),
          answered("escalate", "p7", true),
          answered("none", "p8", true),
        ],
        { minutesPerReply: 2, reviewMinutes: 0.5 },
      ),
      ["p1", "p2", "p3", "p5"],
    );
    expect(summary.topPatterns).toEqual([
      {
        patternId: "p2",
        triggerText: "question of p2",
        responseTemplate: "reply of p2",
        autos: 0,
        correctAutos: 0,
        readyReplies: 2,
        minutesSaved: 3,
      },
      {
        patternId: "p1",
        triggerText: "question of p1",
        responseTemplate: "reply of p1",
        autos: 1,
        correctAutos: 1,
        readyReplies: 0,
        minutesSaved: 2,
      },
      {
        patternId: "p3",
        triggerText: "question of p3",
        responseTemplate: "reply of p3",
        autos: 0,
        correctAutos: 0,
        readyReplies: 1,
        minutesSaved: 1.5,
      },
      // p4 is not among the patterns the replay knows: it is still ranked, without texts.
      {
        patternId: "p4",
        triggerText: null,
        responseTemplate: null,
        autos: 2,
        correctAutos: 0,
        readyReplies: 0,
        minutesSaved: 0,
      },
      {
        patternId: "p5",
        triggerText: "question of p5",
        responseTemplate: "reply of p5",
        autos: 0,
        correctAutos: 0,
        readyReplies: 0,
        minutesSaved: 0,
      },
    ]);
  });

  it("lists at most the ten best patterns", () => {
    // Pattern i has i right suggestions, so p12 saved most and p1 least.
    const messages = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: i + 1 }, () => answered("suggest", `p${i + 1}`, true)),
    ).flat();
    const summary = summarize(tallyOf(messages));
    expect(summary.topPatterns.map((p) => p.patternId)).toEqual([
      "p12",
      "p11",
      "p10",
      "p9",
      "p8",
      "p7",
      "p6",
      "p5",
      "p4",
      "p3",
    ]);
    // The time saved is every pattern's, not only the ten listed: (1 + … + 12) × 1.5 minutes.
    expect(summary.timeSaved.minutes).toBe(117);
  });

  it("summarises an empty replay without dividing by zero, and passes the run's context through", () => {
    const summary = summarize(tallyOf([]));
    expect(summary).toEqual({
      ...context,
      answered: 0,
      decisions: { auto: 0, suggest: 0, queue: 0, shadow: 0, escalate: 0, none: 0 },
      levels: ["auto", "suggest", "queue", "shadow", "escalate", "none"].map((decision) => ({
        decision,
        count: 0,
        matched: 0,
        coverage: 0,
        precision: null,
      })),
      cumulative: [
        { levels: ["auto"], count: 0, coverage: 0, precision: null },
        { levels: ["auto", "suggest"], count: 0, coverage: 0, precision: null },
        { levels: ["auto", "suggest", "queue"], count: 0, coverage: 0, precision: null },
      ],
      wouldBeAutomations: { count: 0, correct: 0, wrong: 0 },
      timeSaved: { minutesPerReply: 2, reviewMinutes: 0.5, minutes: 0, hours: 0 },
      topPatterns: [],
    });
  });
});

describe("minutesSavedBy", () => {
  const time = { minutesPerReply: 2, reviewMinutes: 0.5 };
  it("saves a whole reply for a right automatic one, the reply less the review for a ready one", () => {
    expect(minutesSavedBy("auto", true, time)).toBe(2);
    expect(minutesSavedBy("suggest", true, time)).toBe(1.5);
    expect(minutesSavedBy("queue", true, time)).toBe(1.5);
  });
  it("saves nothing for a wrong proposal or a level that proposed nothing, and never less than nothing", () => {
    expect(minutesSavedBy("auto", false, time)).toBe(0);
    for (const level of ["shadow", "escalate", "none"] as const)
      expect(minutesSavedBy(level, true, time)).toBe(0);
    expect(minutesSavedBy("suggest", true, { minutesPerReply: 1, reviewMinutes: 3 })).toBe(0);
  });
});
