import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { messages, patternExamples } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { writeSettings } from "../settings/settings";
import { draftPatternFromExample } from "./draft-pattern";
import {
  containing,
  insertConversation,
  insertPattern,
  openPatternTestDatabase,
} from "./pattern-test-fixtures";
import { previewPattern } from "./preview-pattern";

describe("draftPatternFromExample", () => {
  it("finds the variables of an example, masks personal data and leaves greeting and sign-off out", () => {
    const draft = draftPatternFromExample({
      question: "Hi, can I book bay 3 for Saturday at 7pm? call me at 416-555-0199",
      reply: "Hi Dana, you're booked in bay 4 on Saturday at 7pm. Thanks!",
      customerName: "Dana Smith",
    });
    expect(draft.responseTemplate).toBe(
      "you're booked in bay {{bay_number}} on {{date}} at {{time}}.",
    );
    expect(draft.triggerText).toContain("{{phone}}");
    expect(draft.triggerText).not.toContain("416");
    expect(draft.type).toBe("booking");
    expect(draft.variables).toEqual([
      { name: "bay_number", value: "4" },
      { name: "date", value: "Saturday" },
      { name: "time", value: "7pm" },
    ]);
  });

  it("says what is wrong with an example that has nothing to learn", () => {
    expect(() => draftPatternFromExample({ question: "?!", reply: "ok" })).toThrow(
      "The customer message has no words to learn",
    );
    expect(() => draftPatternFromExample({ question: "", reply: "ok" })).toThrow("question");
  });
});

describe.each(testDatabaseKinds)("previewPattern on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    let actor;
    ({ test, db, actor } = await openPatternTestDatabase(kind));
    await writeSettings(
      db,
      { replyGreeting: "Hi {{customer_name}},", replySignOff: "Thanks!" },
      actor,
    );
    const { customer, conversation } = await insertConversation(db, {
      phone: "+15550001000",
      name: "Priya Patel",
    });
    const now = new Date();
    const bodies = [
      "what time do you open on saturday?",
      "what time do you open tomorrow",
      "is the door code still 4821?",
      "can I buy a gift card",
    ];
    for (const [i, body] of bodies.entries()) {
      await db.insert(messages).values({
        conversationId: conversation.id,
        customerId: customer.id,
        direction: "inbound",
        body,
        source: "webhook",
        sentAt: new Date(now.getTime() + i),
      });
    }
  });
  afterAll(() => test.drop());

  it("renders the reply for a named, a recent and an unnamed customer with the business's framing", async () => {
    const preview = await previewPattern(db, {
      triggerText: "what time do you open?",
      responseTemplate: "We open at {{time}} on {{date}}.",
    });
    expect(preview.templateError).toBeNull();
    expect(preview.variables).toEqual(["time", "date"]);
    expect(preview.samples.map((s) => s.text)).toEqual([
      "Hi Jordan, We open at 7:00 PM on Saturday. Thanks!",
      "Hi Priya, We open at 7:00 PM on Saturday. Thanks!",
      "Hi, We open at 7:00 PM on Saturday. Thanks!",
    ]);
    expect(preview.samples.every((s) => s.missing.length === 0)).toBe(true);
  });

  it("reports personal-data variables as missing and a bad template as an error", async () => {
    const withCode = await previewPattern(db, {
      triggerText: "door code?",
      responseTemplate: "The code is {{code}}.",
    });
    expect(withCode.samples[0]!.missing).toEqual(["code"]);
    const bad = await previewPattern(db, {
      triggerText: "door code?",
      responseTemplate: "The code is {{door_code}}.",
    });
    expect(bad.templateError).toEqual(containing("Unknown template variable {{door_code}}"));
    await expect(previewPattern(db, { triggerText: "", responseTemplate: "x" })).rejects.toThrow(
      "triggerText",
    );
  });

  it("lists the past messages it would have matched, best first and masked, and the patterns it overlaps", async () => {
    const hours = await insertPattern(db, {
      triggerText: "when do you open",
      responseTemplate: "We open at 9am every day.",
    });
    await db.insert(patternExamples).values({
      patternId: hours.id,
      customerText: "what time do you open on sunday",
      replyText: "We open at 9am every day.",
      source: "learned",
    });
    const sameAnswer = await insertPattern(db, {
      triggerText: "are you guys around in the morning",
      responseTemplate: "We open at {{time}} on {{date}}!",
    });
    const unrelated = await insertPattern(db, {
      triggerText: "do you sell gift cards",
      responseTemplate: "Yes, at the front desk.",
    });
    const preview = await previewPattern(db, {
      triggerText: "what time do you open?",
      responseTemplate: "We open at {{time}} on {{date}}.",
    });
    expect(preview.matches.map((m) => m.text).slice(0, 2)).toEqual(
      expect.arrayContaining([
        "what time do you open on saturday?",
        "what time do you open tomorrow",
      ]),
    );
    expect(preview.matches.map((m) => m.text)).not.toContain("can I buy a gift card");
    const scores = preview.matches.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const overlapIds = preview.overlaps.map((o) => o.patternId);
    expect(overlapIds).toContain(hours.id);
    expect(overlapIds).toContain(sameAnswer.id);
    expect(overlapIds).not.toContain(unrelated.id);
    expect(preview.overlaps.find((o) => o.patternId === sameAnswer.id)!.answerSimilarity).toBe(1);
    // Editing a pattern: it does not overlap itself.
    const editing = await previewPattern(db, {
      triggerText: "when do you open",
      responseTemplate: "We open at 9am every day.",
      patternId: hours.id,
    });
    expect(editing.overlaps.map((o) => o.patternId)).not.toContain(hours.id);
  });

  it("masks personal data in matched messages", async () => {
    const preview = await previewPattern(db, {
      triggerText: "is the door code still working",
      responseTemplate: "Yes.",
    });
    expect(preview.matches[0]!.text).toBe("is the door code still {{code}}?");
  });
});
