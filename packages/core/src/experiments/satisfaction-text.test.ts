// The satisfaction text on a real database and a fake OpenPhone: off by default, sent once after a resolved
// conversation, never to an opted-out customer, at most once a week; clear answers recorded, ambiguous ones not.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, customers, satisfactionSurveys } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  applySettings,
  createClock,
  customerSays,
  DAY,
  HOUR,
  later,
  liveEngineStage,
  MINUTE,
  nextCustomerPhone,
  teachTrustedPattern,
} from "../engine/engine-test-kit";
import { recordSatisfactionAnswers, sendSatisfactionTexts } from "./satisfaction-text";

const QUESTION = "What time do you open on Sunday?";
const WORDING = "How did we do today? Reply 1 to 5.";

describe.each(testDatabaseKinds)("the satisfaction text on %s", (kind) => {
  const clock = createClock();
  const stage = liveEngineStage(kind, clock);

  /** A customer answered automatically, then the conversation closed. */
  async function resolvedConversation(phone = nextCustomerPhone()) {
    const asked = await customerSays(stage.engine, phone, QUESTION, clock.now);
    expect(asked.decision?.outcome).toBe("sent");
    await stage.testbed.db
      .update(conversations)
      .set({ status: "closed", endedAt: later(clock.now, HOUR), endReason: "idle_timeout" })
      .where(eq(conversations.id, asked.message.conversationId));
    return { phone, customerId: asked.message.customerId };
  }

  it("sends nothing while off, then one text per customer a week, never to an opted-out one", async () => {
    await teachTrustedPattern(stage.engine, {
      question: QUESTION,
      answer: "We open at 9am on Sundays.",
      at: clock.now,
    });
    const first = await resolvedConversation();
    const optedOut = await resolvedConversation();
    await stage.testbed.db
      .update(customers)
      .set({ optedOut: true, optedOutAt: clock.now })
      .where(eq(customers.id, optedOut.customerId));
    clock.advance(2 * HOUR);
    expect(await sendSatisfactionTexts(stage.engine)).toMatchObject({ sent: 0, disabled: true });

    await applySettings(stage.testbed, {
      satisfactionTextEnabled: true,
      satisfactionTextWording: WORDING,
    });
    const before = stage.openPhone.sent.length;
    expect(await sendSatisfactionTexts(stage.engine)).toMatchObject({ sent: 1 });
    expect(stage.openPhone.sent.slice(before)).toMatchObject([
      { content: WORDING, to: [first.phone] },
    ]);
    // Run again (a second worker, the next tick): nothing more.
    expect(await sendSatisfactionTexts(stage.engine)).toMatchObject({ sent: 0 });

    // The same customer's next resolved conversation within the week is not asked about.
    clock.advance(DAY);
    await resolvedConversation(first.phone);
    clock.advance(2 * HOUR);
    expect(await sendSatisfactionTexts(stage.engine)).toMatchObject({ sent: 0 });
    expect(await stage.testbed.db.select().from(satisfactionSurveys)).toHaveLength(1);
  });

  it("records a clear answer and leaves an ambiguous one unscored", async () => {
    await teachTrustedPattern(stage.engine, {
      question: QUESTION,
      answer: "We open at 9am on Sundays.",
      at: clock.now,
    });
    await applySettings(stage.testbed, { satisfactionTextEnabled: true });
    const clear = await resolvedConversation();
    const unclear = await resolvedConversation();
    clock.advance(2 * HOUR);
    expect(await sendSatisfactionTexts(stage.engine)).toMatchObject({ sent: 2 });
    await customerSays(stage.engine, clear.phone, "4/5", later(clock.now, MINUTE));
    await customerSays(stage.engine, unclear.phone, "3 or 4", later(clock.now, MINUTE));
    clock.advance(10 * MINUTE);
    expect(await recordSatisfactionAnswers(stage.engine)).toEqual({ recorded: 1, ambiguous: 1 });
    const surveys = await stage.testbed.db.select().from(satisfactionSurveys);
    expect(surveys.find((s) => s.customerId === clear.customerId)).toMatchObject({
      answerKind: "scale",
      answerValue: 4,
      score: 0.75,
    });
    expect(surveys.find((s) => s.customerId === unclear.customerId)).toMatchObject({
      score: null,
      answeredAt: null,
    });
  });
});
