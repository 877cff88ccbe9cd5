import { describe, expect, it } from "vitest";
import { PatternIndex } from "../engine/pattern-index";
import { PatternVocabulary } from "./pattern-vocabulary";

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
