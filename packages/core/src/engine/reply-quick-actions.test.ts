// Quick actions on replies already sent: "this reply was wrong" on an automatic reply lowers its pattern once
// (however often it is clicked), judges its proposal wrong and learns the right answer; "gold standard" on a
// reply Playbook sent by itself learns it and keeps it as a model answer.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { patternExamples } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  auditRows,
  createClock,
  liveEngineStage,
  customerSays,
  loadDecision,
  loadPattern,
  nextCustomerPhone,
  operatorSays,
  teachTrustedPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import type { ReplyEngine } from "./reply-engine";
import { markReplyGold, reportWrongReply } from "./reply-quick-actions";

const QUESTION = "What time do you open on Sunday?";
const ANSWER = "We open at 9am on Sundays. See you then!";
const RIGHT = "On Sundays we open at 10am, from the first of May.";

describe.each(testDatabaseKinds)("quick actions on sent replies on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  let patternId: string;
  const clock = createClock();

  /** A customer asks; Playbook answers by itself. Returns the decision and the sent reply's message id. */
  async function autoAnswered() {
    const { decision } = await customerSays(engine, nextCustomerPhone(), QUESTION, clock.now);
    expect(decision).toMatchObject({ mode: "auto", patternId });
    const sent = await loadDecision(testbed.db, decision!.id);
    expect(sent).toMatchObject({ outcome: "sent" });
    return { decisionId: decision!.id, replyId: sent.sentMessageId! };
  }

  const stage = liveEngineStage(kind, clock);
  beforeEach(async () => {
    ({ testbed, engine } = stage);
    patternId = await teachTrustedPattern(engine, {
      question: QUESTION,
      answer: ANSWER,
      at: clock.now,
    });
  });

  it("lowers the pattern of an automatic reply once, judges it wrong and learns the right answer", async () => {
    const { decisionId, replyId } = await autoAnswered();
    const before = (await loadPattern(testbed.db, patternId)).confidence;

    // A double click: both requests at once, then a third later.
    const [first, second] = await Promise.all([
      reportWrongReply(engine, { messageId: replyId, correctReply: RIGHT }, testbed.actor),
      reportWrongReply(engine, { messageId: replyId, correctReply: RIGHT }, testbed.actor),
    ]);
    const third = await reportWrongReply(engine, { messageId: replyId }, testbed.actor);
    const applied = [first, second, third].filter((r) => r.applied);
    expect(applied).toHaveLength(1);
    expect(applied[0]!.confidence).toMatchObject({ old: before });
    expect(applied[0]!.confidence!.new).toBeLessThan(before);
    expect((await loadPattern(testbed.db, patternId)).confidence).toBe(applied[0]!.confidence!.new);
    expect(await loadDecision(testbed.db, decisionId)).toMatchObject({ correct: false });
    expect(await auditRows(testbed.db, "reply.reported_wrong")).toHaveLength(1);

    // The right answer is another answer: learned as an example (of a new pattern), once.
    expect(applied[0]!.learnedExampleId).not.toBeNull();
    const learned = await testbed.db
      .select()
      .from(patternExamples)
      .where(eq(patternExamples.outboundMessageId, replyId));
    expect(learned).toHaveLength(1);
    expect(learned[0]).toMatchObject({ id: applied[0]!.learnedExampleId });
    expect(learned[0]!.patternId).not.toBe(patternId);
    expect(learned[0]!.replyText).toMatch(/^On Sundays we open at/);
  });

  it("refuses a customer's message and a reply that came from no pattern", async () => {
    const phone = nextCustomerPhone();
    const asked = await customerSays(engine, phone, "Do you sell left-handed gloves?", clock.now);
    await expect(
      reportWrongReply(engine, { messageId: asked.message.id }, testbed.actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const answered = await operatorSays(engine, phone, "ok", clock.now);
    await expect(
      reportWrongReply(engine, { messageId: answered.message.id }, testbed.actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: /no pattern/ });
  });

  it("marks an automatic reply gold: learned as its pattern's example, once, and unmarked again", async () => {
    const { replyId } = await autoAnswered();
    const [one, two] = await Promise.all([
      markReplyGold(engine, { messageId: replyId, gold: true }, testbed.actor).catch(
        (error: unknown) => error,
      ),
      markReplyGold(engine, { messageId: replyId, gold: true }, testbed.actor).catch(
        (error: unknown) => error,
      ),
    ]);
    const marked = [one, two].find((r) => r && typeof r === "object" && "exampleId" in r) as {
      exampleId: string;
      patternId: string;
    };
    expect(marked).toMatchObject({ patternId, gold: true });
    const examples = await testbed.db
      .select()
      .from(patternExamples)
      .where(eq(patternExamples.outboundMessageId, replyId));
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({ isGoldStandard: true });
    expect((await loadPattern(testbed.db, patternId)).isGoldStandard).toBe(true);

    await markReplyGold(engine, { messageId: replyId, gold: true }, testbed.actor);
    expect(await auditRows(testbed.db, "example.mark_gold")).toHaveLength(1);
    await markReplyGold(engine, { messageId: replyId, gold: false }, testbed.actor);
    expect((await loadPattern(testbed.db, patternId)).isGoldStandard).toBe(false);
  });
});
