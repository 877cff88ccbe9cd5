// An experiment run end to end through the live path: simulated customers ask, simulated operators accept one
// wording and reject the other, customers thank or complain, the outcomes are measured after their 24 hours, and the
// evaluation declares the planted winner and, with the admin's consent, promotes it as the pattern's template.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { experiments, experimentVariants, replyOutcomes } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  auditRows,
  createClock,
  customerSays,
  DAY,
  HOUR,
  later,
  liveEngineStage,
  loadPattern,
  MINUTE,
  nextCustomerPhone,
  teachPattern,
  textMatching,
} from "../engine/engine-test-kit";
import { reviewDecision } from "../engine/review-decision";
import { patterns } from "@playbook/db/schema";
import { evaluateExperiments } from "./evaluate-experiments";
import { getExperiment, listExperiments } from "./get-experiment";
import { getPatternOutcomes } from "./reply-outcome-figures";
import { measureReplyOutcomes } from "./measure-reply-outcomes";
import { loadExperimentSummary } from "./load-experiment-evidence";
import { startExperiment, variantsOf } from "./start-experiment";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays.";
const PLAIN = "We open at 9am on Sundays.";
const BETTER = "Sunday doors open at 9am, bays are bookable from 8:30 online!";
const CUSTOMERS = 48;

describe.each(testDatabaseKinds)("an experiment with a planted winner on %s", (kind) => {
  const clock = createClock();
  const stage = liveEngineStage(kind, clock);

  /** A pattern active but trusted only enough to suggest or queue: operators judge every reply. */
  async function teachJudgedPattern() {
    const { patternId } = await teachPattern(stage.engine, {
      customer: nextCustomerPhone(),
      question: QUESTION,
      answer: ANSWER,
      at: later(clock.now, -DAY),
    });
    await stage.testbed.db
      .update(patterns)
      .set({ isActive: true })
      .where(eq(patterns.id, patternId));
    return patternId;
  }

  it("keeps each customer on one wording, measures outcomes, declares and promotes the winner", async () => {
    const { db, actor } = stage.testbed;
    const patternId = await teachJudgedPattern();
    const versionBefore = (await loadPattern(db, patternId)).version;
    const experiment = await startExperiment(
      db,
      {
        patternId,
        name: "Mention online booking",
        variants: [
          { name: "plain", template: PLAIN, weight: 1 },
          { name: "booking", template: BETTER, weight: 1 },
        ],
        primaryMetric: "accepted_as_is",
        guardrailMetric: "not_angry",
        promoteWinner: true,
      },
      actor,
    );
    const variants = await variantsOf(db, experiment.id);
    const better = variants.find((v) => v.name === "booking")!;

    const variantOf = new Map<string, string>();
    for (let i = 0; i < CUSTOMERS; i++) {
      // Edits lower the pattern's confidence: held where operators still see every reply.
      await db
        .update(patterns)
        .set({ isActive: true, confidence: 0.5 })
        .where(eq(patterns.id, patternId));
      const phone = nextCustomerPhone();
      const asked = await customerSays(stage.engine, phone, QUESTION, later(clock.now, i * MINUTE));
      const decision = asked.decision!;
      if (!["suggest", "queue"].includes(decision.mode)) {
        throw new Error(
          `customer ${i}: ${decision.mode} ${JSON.stringify(decision.gates.filter((g) => !g.passed))}`,
        );
      }
      variantOf.set(phone, decision.variantId!);
      const isBetter = decision.variantId === better.id;
      // The planted effect: operators take the booking wording as is, and reject the plain one five times in six.
      const accept = isBetter || i % 6 === 0;
      const sentBefore = stage.openPhone.sent.length;
      await reviewDecision(
        stage.engine,
        accept
          ? { action: "approve", decisionId: decision.id }
          : { action: "reject", decisionId: decision.id, reason: "should mention online booking" },
        actor,
      );
      // What reaches the customer is their variant's wording, or nothing when rejected.
      if (accept) {
        expect(stage.openPhone.sent.at(-1)?.content).toBe(
          variants.find((v) => v.id === decision.variantId)!.template,
        );
      } else expect(stage.openPhone.sent.length).toBe(sentBefore);
      await customerSays(
        stage.engine,
        phone,
        isBetter ? "Perfect, thanks!" : "ok",
        later(clock.now, i * MINUTE + 2 * MINUTE),
      );
    }
    // Stickiness: asked again a few hours later, each customer gets the same variant.
    await db
      .update(patterns)
      .set({ isActive: true, confidence: 0.5 })
      .where(eq(patterns.id, patternId));
    for (const [phone, variantId] of [...variantOf].slice(0, 6)) {
      const again = await customerSays(stage.engine, phone, QUESTION, later(clock.now, 3 * HOUR));
      expect(again.decision).toMatchObject({ variantId, mode: textMatching(/suggest|queue/) });
    }
    expect(new Set(variantOf.values()).size).toBe(2);

    // Nothing is measured before the 24 hours are over.
    expect(await measureReplyOutcomes(db, later(clock.now, HOUR))).toEqual({ measured: 0 });
    const measuredAt = later(clock.now, 2 * DAY);
    const measured = await measureReplyOutcomes(db, measuredAt);
    expect(measured.measured).toBe(CUSTOMERS + 6);
    expect(await measureReplyOutcomes(db, measuredAt)).toEqual({ measured: 0 });
    const outcomes = await db.select().from(replyOutcomes);
    const betterOutcome = outcomes.find((o) => o.variantId === better.id && !o.askedAgain);
    expect(betterOutcome).toMatchObject({
      operatorAction: "accepted",
      reaction: "thanks",
      delivered: true,
    });
    expect(outcomes.filter((o) => o.askedAgain)).toHaveLength(6);

    const summary = await loadExperimentSummary(db, experiment, variants, { minTrialsPerArm: 15 });
    expect(summary.sampleRatio?.mismatch).toBe(false);
    expect(summary.winnerId).toBe(better.id);

    // The page's figures: the same evidence, and the pattern's outcome figures.
    const detail = await getExperiment(db, { id: experiment.id });
    expect(detail.summary.variants).toHaveLength(2);
    expect(detail.summary.timeline.length).toBeGreaterThan(0);
    expect(detail.stoppingRule).toMatch(/always-valid/);
    expect(await listExperiments(db, { patternId })).toHaveLength(1);
    const figures = await getPatternOutcomes(db, patternId);
    expect(figures).toMatchObject({ replies: CUSTOMERS + 6, judged: CUSTOMERS });
    await expect(getExperiment(db, { id: patternId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const result = await evaluateExperiments(db, measuredAt, { minTrialsPerArm: 15 });
    expect(result).toMatchObject({ evaluated: 1, winners: 1, promoted: 1, variantsStopped: 0 });
    const [done] = await db.select().from(experiments).where(eq(experiments.id, experiment.id));
    expect(done).toMatchObject({
      status: "completed",
      winnerVariantId: better.id,
      promotedVersion: versionBefore + 1,
    });
    const pattern = await loadPattern(db, patternId);
    expect(pattern).toMatchObject({ responseTemplate: BETTER, version: versionBefore + 1 });
    expect(await auditRows(db, "experiment.winner")).toHaveLength(1);

    // Evaluated again (a second worker, a later tick): nothing more happens.
    expect(await evaluateExperiments(db, measuredAt, { minTrialsPerArm: 15 })).toMatchObject({
      evaluated: 0,
      promoted: 0,
    });
    expect((await loadPattern(db, patternId)).version).toBe(versionBefore + 1);
    // Completed: new customers get the promoted template, outside any experiment.
    const after = await customerSays(
      stage.engine,
      nextCustomerPhone(),
      QUESTION,
      later(clock.now, 2 * DAY),
    );
    expect(after.decision).toMatchObject({ proposedReply: BETTER, variantId: null });
  });

  it("stops a variant that breaks its guardrail and keeps its customers on the control", async () => {
    const { db, actor } = stage.testbed;
    const patternId = await teachJudgedPattern();
    const experiment = await startExperiment(
      db,
      {
        patternId,
        name: "Curt wording",
        variants: [
          { name: "plain", template: PLAIN, weight: 1 },
          { name: "curt", template: "9am. Sundays.", weight: 1 },
        ],
        primaryMetric: "accepted_as_is",
        guardrailMetric: "not_angry",
      },
      actor,
    );
    const variants = await variantsOf(db, experiment.id);
    const curt = variants.find((v) => v.name === "curt")!;
    const curtPhones: string[] = [];
    for (let i = 0; i < 40; i++) {
      const phone = nextCustomerPhone();
      const asked = await customerSays(stage.engine, phone, QUESTION, later(clock.now, i * MINUTE));
      const decision = asked.decision!;
      await reviewDecision(stage.engine, { action: "approve", decisionId: decision.id }, actor);
      const isCurt = decision.variantId === curt.id;
      if (isCurt) curtPhones.push(phone);
      await customerSays(
        stage.engine,
        phone,
        isCurt ? "This is ridiculous, worst service ever" : "great thanks",
        later(clock.now, i * MINUTE + MINUTE),
      );
    }
    const at = later(clock.now, 2 * DAY);
    await measureReplyOutcomes(db, at);
    const result = await evaluateExperiments(db, at, { minTrialsPerArm: 12 });
    expect(result).toMatchObject({ variantsStopped: 1 });
    const [stopped] = await db
      .select()
      .from(experimentVariants)
      .where(eq(experimentVariants.id, curt.id));
    expect(stopped?.stopReason).toMatch(/not_angry/);
    expect(await auditRows(db, "experiment.guardrail")).toHaveLength(1);
    // Every treatment broke its guardrail: the experiment is over and the pattern's template answers.
    const [done] = await db.select().from(experiments).where(eq(experiments.id, experiment.id));
    expect(done?.status).toBe("completed");
    const again = await customerSays(stage.engine, curtPhones[0]!, QUESTION, later(at, HOUR));
    expect(again.decision?.proposedReply).toBe(ANSWER);
  });
});
