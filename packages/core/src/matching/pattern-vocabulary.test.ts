import { describe, expect, it } from "vitest";
import { PatternIndex } from "../engine/pattern-index";
import { PatternVocabulary, withinOneEdit } from "./pattern-vocabulary";

describe("PatternVocabulary", () => {
  it("knows a message whose every word the pattern's questions use between them", () => {
    const vocabulary = new PatternVocabulary();
    vocabulary.add("hours", "When do you open on Sunday?");
    vocabulary.add("hours", "What time do you close tonight?");
    // No single question has both "open" and "tonight", but the pattern's questions do.
    expect(vocabulary.knows("hours", vocabulary.wordsOf("Are you open tonight?"))).toBe(true);
    expect(vocabulary.knows("hours", vocabulary.wordsOf("Are you open for parking tonight?"))).toBe(
      false,
    );
    expect(vocabulary.knows("parking", vocabulary.wordsOf("Are you open tonight?"))).toBe(false);
  });

  it("needs two words or more to call a message familiar", () => {
    const vocabulary = new PatternVocabulary();
    vocabulary.add("hours", "When do you open on Sunday?");
    expect(vocabulary.wordsOf("Sunday?")).toHaveLength(1);
    expect(vocabulary.knows("hours", vocabulary.wordsOf("Sunday?"))).toBe(false);
    expect(vocabulary.knows("hours", [])).toBe(false);
  });

  it("takes a long word one typing slip away from a learned word for that word, and a short one not", () => {
    const vocabulary = new PatternVocabulary();
    vocabulary.add("refunds", "How long do refunds take to arrive?");
    vocabulary.add("account", "Can I upgrade my account to premium?");
    expect(vocabulary.knows("refunds", vocabulary.wordsOf("how lonng do refnds take"))).toBe(true);
    expect(vocabulary.knows("account", vocabulary.wordsOf("upgrade my acount to premium"))).toBe(
      true,
    );
    // Two slips in one word, or a short word that is another word: not familiar.
    expect(vocabulary.knows("account", vocabulary.wordsOf("upgrade my acuont to premium"))).toBe(
      false,
    );
    expect(vocabulary.knows("refunds", vocabulary.wordsOf("how song do refunds take"))).toBe(false);
  });

  it("asks no familiarity of numbers, which differ from customer to customer, nor counts them as words", () => {
    const vocabulary = new PatternVocabulary();
    vocabulary.add("cancel", "How do I cancel order 00123842?");
    expect(vocabulary.knows("cancel", vocabulary.wordsOf("cancel order 370795561790"))).toBe(true);
    expect(vocabulary.knows("cancel", vocabulary.wordsOf("cancel 370795561790"))).toBe(false);
    expect(vocabulary.knows("cancel", vocabulary.wordsOf("refund order 370795561790"))).toBe(false);
  });

  it("counts one letter added, dropped, changed or two neighbours swapped as one edit", () => {
    expect(withinOneEdit("account", "account")).toBe(true);
    expect(withinOneEdit("account", "acount")).toBe(true);
    expect(withinOneEdit("account", "accounts")).toBe(true);
    expect(withinOneEdit("account", "accoumt")).toBe(true);
    expect(withinOneEdit("account", "acocunt")).toBe(true);
    expect(withinOneEdit("account", "acuont")).toBe(false);
    expect(withinOneEdit("account", "accoun")).toBe(true);
    expect(withinOneEdit("account", "ccount")).toBe(true);
    expect(withinOneEdit("account", "bccount")).toBe(true);
    expect(withinOneEdit("account", "acco")).toBe(false);
    expect(withinOneEdit("abcd", "badc")).toBe(false);
  });

  it("forgets a question's words only when no other question of the pattern uses them", () => {
    const vocabulary = new PatternVocabulary();
    vocabulary.add("hours", "When do you open on Sunday?");
    vocabulary.add("hours", "Do you open early on Sunday?");
    vocabulary.remove("hours", "Do you open early on Sunday?");
    expect(vocabulary.knows("hours", vocabulary.wordsOf("open sunday"))).toBe(true);
    expect(vocabulary.knows("hours", vocabulary.wordsOf("open early"))).toBe(false);
    vocabulary.removePattern("hours");
    expect(vocabulary.knows("hours", vocabulary.wordsOf("open sunday"))).toBe(false);
  });
});

describe("PatternIndex.propose: familiar words", () => {
  it("marks the candidates whose learned questions use every word of the message, and forgets removed ones", () => {
    const index = new PatternIndex();
    index.addTrigger("hours", "When do you open on Sunday?", "We open at 9.");
    index.addExample({ id: "e1", patternId: "hours", text: "What time do you close tonight?" });
    index.addTrigger("parking", "Is there parking near you?", "Yes, behind the building.");
    const familiarity = (text: string) =>
      Object.fromEntries(index.propose(text).candidates.map((c) => [c.patternId, c.familiarWords]));
    expect(familiarity("open tonight?")).toMatchObject({ hours: true });
    expect(familiarity("parking tonight?")).not.toMatchObject({ hours: true });
    index.removeExample("e1");
    expect(familiarity("open tonight?")).not.toMatchObject({ hours: true });
  });
});
