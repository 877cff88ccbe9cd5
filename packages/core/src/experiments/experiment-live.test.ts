// Experiments through the live path on a real database and a fake OpenPhone: each customer keeps one wording
// whether the reply goes out by itself or is approved from the queue, and the decision records the variant.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, experiments, patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  auditRows,
  createClock,
  customerSays,
  later,
  liveEngineStage,
  MINUTE,
  nextCustomerPhone,
  teachTrustedPattern,
} from "../engine/engine-test-kit";
import { getConversation } from "../conversations/get-conversation";
import { dryRunDecision } from "../engine/dry-run";
import { reviewDecision } from "../engine/review-decision";
import { assignVariant } from "./assign-variant";
import { startExperiment, variantsOf } from "./start-experiment";
import { setPromotionConsent, stopExperiment } from "./stop-experiment";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays.";
const WORDINGS = ["We open at 9am on Sundays.", "Sunday doors open at 9am, see you then!"];

describe.each(testDatabaseKinds)("experiments on the live path on %s", (kind) => {
  const clock = createClock();
  const stage = liveEngineStage(kind, clock);

  const request = (patternId: string, name = "Friendlier Sunday hours") => ({
    patternId,
    name,
    variants: WORDINGS.map((template, i) => ({ name: `v${i}`, template, weight: 1 })),
    primaryMetric: "accepted_as_is" as const,
    guardrailMetric: "no_escalation" as const,
  });

  const customerIdOf = async (phone: string) =>
    (await stage.testbed.db.select().from(customers).where(eq(customers.phone, phone)))[0]?.id;

  async function setUp() {
    const patternId = await teachTrustedPattern(stage.engine, {
      question: QUESTION,
      answer: ANSWER,
      at: clock.now,
    });
    const experiment = await startExperiment(
      stage.testbed.db,
      request(patternId),
      stage.testbed.actor,
    );
    const variants = await variantsOf(stage.testbed.db, experiment.id);
    return { patternId, experiment, variants };
  }

  it("gives each customer one variant, sent by itself or approved from the queue", async () => {
    const { patternId, experiment, variants } = await setUp();
    const split = variants.map((v) => ({ variantId: v.id, weight: v.weight }));
    const phones = Array.from({ length: 8 }, () => nextCustomerPhone());
    const seen = new Set<string>();
    let firstConversation: string | undefined;
    for (const [i, phone] of phones.entries()) {
      const first = await customerSays(stage.engine, phone, QUESTION, later(clock.now, i * MINUTE));
      firstConversation ??= first.message.conversationId;
      const decision = first.decision!;
      expect(decision.experimentId).toBe(experiment.id);
      const expected = assignVariant(experiment.id, first.message.customerId, split);
      expect(decision.variantId).toBe(expected);
      const wording = variants.find((v) => v.id === expected)!.template;
      expect(decision.proposedReply).toBe(wording);
      seen.add(expected);
      expect(stage.openPhone.sent.at(-1)).toMatchObject({ content: wording, to: [phone] });
    }
    expect(seen.size).toBe(2);
    // The inbox's trace names the wording the customer got.
    const firstDecision = (await getConversation(stage.testbed.db, firstConversation!))
      .decisions[0]!;
    expect(firstDecision.variantName).toBe(
      variants.find((v) => v.id === firstDecision.variantId)!.name,
    );
    // The playground decides through the same path: its trace names the same customer's variant.
    const trace = await dryRunDecision(stage.engine, { text: QUESTION, customerPhone: phones[0]! });
    const firstVariant = assignVariant(experiment.id, (await customerIdOf(phones[0]!))!, split);
    expect(trace.variant).toMatchObject({
      experimentId: experiment.id,
      experimentName: "Friendlier Sunday hours",
      variantId: firstVariant,
      counted: true,
    });

    // Trusted only enough to suggest or queue: the accepted or approved reply is the same customer's same wording.
    await stage.testbed.db
      .update(patterns)
      .set({ autoExecutable: false, confidence: 0.5 })
      .where(eq(patterns.id, patternId));
    clock.advance(60 * MINUTE);
    for (const phone of phones.slice(0, 4)) {
      const again = await customerSays(stage.engine, phone, QUESTION, clock.now);
      const decision = again.decision!;
      expect(["suggest", "queue"]).toContain(decision.mode);
      const expected = assignVariant(experiment.id, again.message.customerId, split);
      expect(decision.variantId).toBe(expected);
      await reviewDecision(
        stage.engine,
        { action: "approve", decisionId: decision.id },
        stage.testbed.actor,
      );
      expect(stage.openPhone.sent.at(-1)).toMatchObject({
        content: variants.find((v) => v.id === expected)!.template,
        to: [phone],
      });
    }
  });

  it("refuses a second experiment on the pattern, and a double click starts or stops once", async () => {
    const { patternId, experiment } = await setUp();
    const again = await startExperiment(stage.testbed.db, request(patternId), stage.testbed.actor);
    expect(again.id).toBe(experiment.id);
    await expect(
      startExperiment(stage.testbed.db, request(patternId, "Another"), stage.testbed.actor),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await setPromotionConsent(
      stage.testbed.db,
      { id: experiment.id, promoteWinner: true },
      stage.testbed.actor,
    );
    await setPromotionConsent(
      stage.testbed.db,
      { id: experiment.id, promoteWinner: true },
      stage.testbed.actor,
    );
    await stopExperiment(stage.testbed.db, { id: experiment.id }, stage.testbed.actor);
    await stopExperiment(stage.testbed.db, { id: experiment.id }, stage.testbed.actor);
    expect(await auditRows(stage.testbed.db, "experiment.start")).toHaveLength(1);
    expect(await auditRows(stage.testbed.db, "experiment.consent")).toHaveLength(1);
    expect(await auditRows(stage.testbed.db, "experiment.stop")).toHaveLength(1);
    const [stopped] = await stage.testbed.db
      .select()
      .from(experiments)
      .where(eq(experiments.id, experiment.id));
    expect(stopped).toMatchObject({ status: "stopped", promoteWinner: true });

    // Stopped: the pattern's own template answers, and no variant is recorded.
    const after = await customerSays(stage.engine, nextCustomerPhone(), QUESTION, clock.now);
    expect(after.decision).toMatchObject({
      proposedReply: ANSWER,
      experimentId: null,
      variantId: null,
    });
  });

  it("rejects malformed experiments with a clear error and writes nothing", async () => {
    const patternId = await teachTrustedPattern(stage.engine, {
      question: QUESTION,
      answer: ANSWER,
      at: clock.now,
    });
    const wordings: [string[], RegExp][] = [
      [["Hi"], /at least two wordings/],
      [["Hi there", "hi  there!"], /same wording/],
      [["Hi {{first_name}}", "Hello"], /first_name/],
      [["Hello", "Hi", "Hey", "Yo", "Hiya", "Howdy"], /variants/],
    ];
    for (const [templates, error] of wordings) {
      const variants = templates.map((template, i) => ({ name: `v${i}`, template, weight: 1 }));
      await expect(
        startExperiment(stage.testbed.db, { ...request(patternId), variants }, stage.testbed.actor),
      ).rejects.toThrow(error);
    }
    await expect(
      startExperiment(
        stage.testbed.db,
        { ...request(patternId), guardrailMetric: "bogus" as "thanked" },
        stage.testbed.actor,
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await stage.testbed.db.select().from(experiments)).toHaveLength(0);
  });
});
