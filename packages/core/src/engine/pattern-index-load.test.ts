// A load of the index takes turns with other work (a first load of thousands of patterns is seconds of it): a
// caller asking for an up-to-date index meanwhile waits for the whole load, never proposing from half of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "@playbook/db/testing";
import { insertCorpusPatterns } from "../matching/insert-corpus-patterns";
import { buildSyntheticCorpus } from "../matching/synthetic-corpus";
import { openEngineTestbed, type EngineTestbed } from "./engine-test-kit";
import { PatternIndex } from "./pattern-index";

describe.each(testDatabaseKinds)("PatternIndex loads on %s", (kind) => {
  let testbed: EngineTestbed;
  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());

  it("makes a refresh that comes during a load wait for all of it", async () => {
    const corpus = buildSyntheticCorpus(400, 4, 9);
    await insertCorpusPatterns(testbed.db, corpus.slice(0, 1));
    // Trusted for a minute: a refresh within it returns at once unless a load is under way.
    const index = new PatternIndex(60_000, { backgroundRefit: true });
    await index.refresh(testbed.db, { force: true });
    const before = index.size;
    await insertCorpusPatterns(testbed.db, corpus.slice(1), { firstNumber: 1 });

    const load = index.refresh(testbed.db, { force: true });
    await index.refresh(testbed.db);
    const seenByTheSecondCaller = index.size;
    await load;
    expect(index.size).toBeGreaterThan(before + 1_000);
    expect(seenByTheSecondCaller).toBe(index.size);
    await index.settled();
  });
});
