import { describe, expect, it } from "vitest";
import { MatchIndex, defaultMatchLimit, type MatchDoc } from "./match-index";
import { buildSyntheticCorpus } from "./synthetic-corpus";
import { textFeatures } from "./text-features";

const patterns: Record<string, string[]> = {
  "door-code": [
    "What's the door code?",
    "what is the code for the door",
    "I can't get in, door is locked, code?",
  ],
  hours: ["What time do you open tomorrow?", "are you open on sunday", "what are your hours"],
  booking: [
    "Can I book a bay for 4 people at {{time}}?",
    "I want to reserve a sim tomorrow night",
    "any bays free at {{time}} {{date}}",
  ],
  "gift-card": ["Do you sell gift cards?", "can I buy a gift card for my dad"],
  "frozen-sim": [
    "the sim is frozen in bay {{bay_number}}",
    "screen froze, can you reset bay {{bay_number}}",
  ],
  refund: ["can I get a refund, had to cancel", "I was charged twice, need my money back"],
};

function buildIndex(): MatchIndex {
  const index = new MatchIndex();
  for (const [patternId, examples] of Object.entries(patterns)) {
    examples.forEach((text, position) =>
      index.add({ id: `${patternId}:${position}`, patternId, text }),
    );
  }
  return index;
}

// The definition the index must agree with: TF-IDF cosine over every doc, max per pattern.
function bruteForceScores(docs: readonly MatchDoc[], query: string): Map<string, number> {
  const docFeatures = docs.map((doc) => textFeatures(doc.text));
  const frequencies = new Map<string, number>();
  for (const features of docFeatures) {
    for (const term of features.keys()) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
  }
  const idf = (term: string) =>
    Math.log((1 + docs.length) / (1 + (frequencies.get(term) ?? 0))) + 1;
  const weigh = (features: Map<string, number>) =>
    new Map([...features].map(([term, value]) => [term, value * idf(term)] as const));
  const norm = (vector: Map<string, number>) =>
    Math.sqrt([...vector.values()].reduce((s, v) => s + v * v, 0));
  const queryVector = weigh(textFeatures(query));
  const best = new Map<string, number>();
  docs.forEach((doc, position) => {
    const docVector = weigh(docFeatures[position] ?? new Map<string, number>());
    let dot = 0;
    for (const [term, value] of queryVector) dot += value * (docVector.get(term) ?? 0);
    if (dot === 0) return;
    const score = dot / (norm(queryVector) * norm(docVector));
    best.set(doc.patternId, Math.max(best.get(doc.patternId) ?? 0, score));
  });
  return best;
}

describe("MatchIndex", () => {
  it("scores an exact repeat of an example ~1 with that example as the evidence", () => {
    const result = buildIndex().search("what is the code for the door");
    expect(result.candidates[0]).toMatchObject({ patternId: "door-code", docId: "door-code:1" });
    expect(result.candidates[0]?.docText).toBe("what is the code for the door");
    expect(result.topScore).toBeCloseTo(1, 9);
  });

  it("finds paraphrases by meaning and scores them above unrelated patterns", () => {
    const index = buildIndex();
    const cases: [string, string][] = [
      ["how do I get in the building, code please", "door-code"],
      ["door code pls", "door-code"],
      ["when do you open", "hours"],
      ["booking for tonight?", "booking"],
      ["can i book bay for 2 at {{time}}", "booking"],
      ["my screen is frozen", "frozen-sim"],
      ["gift card", "gift-card"],
      ["refund please", "refund"],
    ];
    for (const [query, expected] of cases) {
      const result = index.search(query);
      expect(result.candidates[0]?.patternId, query).toBe(expected);
      const runnerUp = result.candidates[1]?.score ?? 0;
      expect(result.topScore - runnerUp, query).toBeGreaterThan(0.1);
    }
  });

  it("keeps every score in [0, 1], sorted best first", () => {
    const index = buildIndex();
    for (const query of [
      "sim froze",
      "can I book a gift card",
      "What's the door code? What's the door code?",
    ]) {
      const { candidates, topScore } = index.search(query, { limit: 50 });
      expect(candidates.length).toBeGreaterThan(0);
      expect(topScore).toBe(candidates[0]?.score);
      for (const [position, candidate] of candidates.entries()) {
        expect(candidate.score).toBeGreaterThan(0);
        expect(candidate.score).toBeLessThanOrEqual(1);
        expect(candidate.score).toBeLessThanOrEqual(candidates[position - 1]?.score ?? 1);
      }
    }
  });

  it("returns no candidates for an empty query, unknown words or an empty index", () => {
    const index = buildIndex();
    const none = { candidates: [], topScore: 0, margin: 0 };
    expect(index.search("")).toEqual(none);
    expect(index.search(" ?!. ")).toEqual(none);
    expect(index.search("xylophone zeppelin")).toEqual(none);
    expect(new MatchIndex().search("door code")).toEqual(none);
  });

  it("counts docs and patterns", () => {
    const index = buildIndex();
    expect(index.size).toBe(15);
    expect(index.patternCount).toBe(6);
    expect(index.has("hours:2")).toBe(true);
    expect(index.has("hours:9")).toBe(false);
  });

  it("removes a doc so it is no longer found", () => {
    const index = buildIndex();
    expect(index.remove("gift-card:0")).toBe(true);
    expect(index.remove("gift-card:0")).toBe(false);
    expect(index.has("gift-card:0")).toBe(false);
    expect(index.size).toBe(14);
    const result = index.search("Do you sell gift cards?");
    expect(result.candidates[0]?.docId).toBe("gift-card:1");
    expect(result.topScore).toBeLessThan(0.9);
  });

  it("removes a whole pattern", () => {
    const index = buildIndex();
    expect(index.removePattern("door-code")).toBe(3);
    expect(index.removePattern("door-code")).toBe(0);
    expect(index.patternCount).toBe(5);
    expect(index.size).toBe(12);
    const result = index.search("What's the door code?");
    expect(result.candidates.map((candidate) => candidate.patternId)).not.toContain("door-code");
  });

  it("survives removing everything and adding again", () => {
    const index = buildIndex();
    for (const patternId of Object.keys(patterns)) index.removePattern(patternId);
    expect(index.size).toBe(0);
    expect(index.patternCount).toBe(0);
    expect(index.search("door code").candidates).toEqual([]);
    index.add({ id: "x", patternId: "door-code", text: "door code?" });
    expect(index.search("door code").topScore).toBeCloseTo(1, 9);
  });

  it("replaces a doc re-added with the same id", () => {
    const index = buildIndex();
    index.add({ id: "hours:0", patternId: "hours", text: "is there parking out back" });
    expect(index.size).toBe(15);
    expect(index.search("is there parking out back").candidates[0]).toMatchObject({
      patternId: "hours",
      docId: "hours:0",
    });
    const old = index.search("What time do you open tomorrow?");
    expect(old.candidates[0]?.docId).not.toBe("hours:0");
    expect(old.topScore).toBeLessThan(0.9);

    // Moving an id to another pattern takes it out of the old one.
    index.add({ id: "refund:0", patternId: "hours", text: "can I get a refund, had to cancel" });
    expect(index.patternCount).toBe(6);
    expect(index.search("can I get a refund, had to cancel").candidates[0]?.patternId).toBe(
      "hours",
    );
  });

  it("indexes a doc without features but never returns it", () => {
    const index = new MatchIndex();
    index.add({ id: "blank", patternId: "p", text: "?!" });
    expect(index.has("blank")).toBe(true);
    expect(index.search("anything at all").candidates).toEqual([]);
  });

  it("excludes filtered patterns, from the candidates and from the margin", () => {
    const index = buildIndex();
    const calls: string[] = [];
    const result = index.search("What's the door code?", {
      filter: (patternId) => {
        calls.push(patternId);
        return patternId !== "door-code";
      },
    });
    expect(result.candidates.map((candidate) => candidate.patternId)).not.toContain("door-code");
    expect(result.topScore).toBeLessThan(0.5);
    // The filter is asked once per pattern, not once per doc.
    expect(new Set(calls).size).toBe(calls.length);
    expect(index.search("What's the door code?", { filter: () => false })).toEqual({
      candidates: [],
      topScore: 0,
      margin: 0,
    });
  });

  it("reports the margin to the second pattern, whatever the limit", () => {
    const index = new MatchIndex();
    index.add({ id: "a", patternId: "codes", text: "what is the door code" });
    const alone = index.search("door code");
    expect(alone.candidates).toHaveLength(1);
    expect(alone.margin).toBe(alone.topScore);

    index.add({ id: "b", patternId: "doors", text: "the front door is stuck" });
    index.add({ id: "c", patternId: "codes", text: "code for the door please" });
    const both = index.search("door code", { limit: 1 });
    expect(both.candidates).toHaveLength(1);
    const full = index.search("door code");
    expect(full.candidates.map((candidate) => candidate.patternId)).toEqual(["codes", "doors"]);
    const [first, second] = full.candidates;
    expect(both.margin).toBeCloseTo((first?.score ?? 0) - (second?.score ?? 0), 12);
    expect(both.topScore).toBe(full.topScore);
    expect(index.search("door code", { limit: 0 })).toMatchObject({
      candidates: [],
      topScore: full.topScore,
    });
  });

  it("returns at most the default number of candidates", () => {
    const index = new MatchIndex();
    for (let position = 0; position < 12; position++) {
      index.add({
        id: `d${position}`,
        patternId: `p${position}`,
        text: `door code number ${position}`,
      });
    }
    expect(index.search("door code").candidates).toHaveLength(defaultMatchLimit);
    expect(index.search("door code", { limit: 20 }).candidates).toHaveLength(12);
  });

  it("orders equal scores by pattern id, whatever the insertion order", () => {
    const forward = new MatchIndex();
    const backward = new MatchIndex();
    const docs = ["c", "a", "b"].map((patternId) => ({
      id: patternId,
      patternId,
      text: "what's the door code",
    }));
    docs.forEach((doc) => forward.add(doc));
    [...docs].reverse().forEach((doc) => backward.add(doc));
    const expected = ["a", "b", "c"];
    expect(forward.search("door code").candidates.map((candidate) => candidate.patternId)).toEqual(
      expected,
    );
    expect(backward.search("door code").candidates.map((candidate) => candidate.patternId)).toEqual(
      expected,
    );
    expect(forward.search("door code").margin).toBe(0);
  });

  it("is deterministic: the same docs and query give the same result", () => {
    const first = buildIndex().search("can I book a sim for {{time}}", { limit: 10 });
    const second = buildIndex().search("can I book a sim for {{time}}", { limit: 10 });
    expect(second).toEqual(first);
  });

  it("agrees with a brute-force TF-IDF cosine while IDF shifts under adds and removes", () => {
    const corpus = buildSyntheticCorpus(60, 3, 11);
    const index = new MatchIndex();
    const live = new Map<string, MatchDoc>();
    const queries = [
      "can i book bay 3 tomorrow",
      "door code for bedford",
      "refund please im sick",
      "wings?",
    ];
    const check = () => {
      const docs = [...live.values()];
      for (const query of queries) {
        const expected = bruteForceScores(docs, query);
        const { candidates } = index.search(query, { limit: 5 });
        const best = Math.max(0, ...expected.values());
        expect(candidates[0]?.score ?? 0, query).toBeCloseTo(best, 9);
        for (const candidate of candidates) {
          expect(candidate.score, `${query} / ${candidate.patternId}`).toBeCloseTo(
            expected.get(candidate.patternId) ?? -1,
            9,
          );
        }
      }
    };
    corpus.forEach(({ patternId, examples }, position) => {
      examples.forEach((text, example) => {
        const doc = { id: `${patternId}:${example}`, patternId, text };
        index.add(doc);
        live.set(doc.id, doc);
      });
      if (position % 15 === 14) check();
    });
    for (const { patternId } of corpus.slice(0, 20)) {
      index.removePattern(patternId);
      for (const id of [...live.keys()]) if (live.get(id)?.patternId === patternId) live.delete(id);
    }
    check();
  });
});
