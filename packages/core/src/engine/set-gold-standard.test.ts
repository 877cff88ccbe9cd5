// setGoldStandard on a real database: the example and its pattern are marked, audited, and unmarked only when no
// example of the pattern is gold any more.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { patternExamples } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  DAY,
  HOUR,
  auditRows,
  createClock,
  createKitEngine,
  later,
  loadPattern,
  nextCustomerPhone,
  openEngineTestbed,
  resetEngineData,
  teachPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import { setGoldStandard } from "./set-gold-standard";

describe.each(testDatabaseKinds)("setGoldStandard on %s", (kind) => {
  let testbed: EngineTestbed;
  const clock = createClock();
  let patternId: string;
  let firstExample: string;
  let secondExample: string;

  const example = async (id: string) => {
    const [row] = await testbed.db.select().from(patternExamples).where(eq(patternExamples.id, id));
    return row!;
  };

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    clock.set(new Date());
    const engine = createKitEngine(testbed, clock);
    const first = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: "Do you sell gift cards?",
      answer: "Yes! Gift cards are available at the front desk in any amount.",
      at: later(clock.now, -DAY),
    });
    const second = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: "Can I buy a gift card?",
      answer: "Yes, gift cards are available at the front desk in any amount!",
      at: later(clock.now, -DAY + HOUR),
    });
    expect(second.patternId).toBe(first.patternId);
    patternId = first.patternId;
    firstExample = first.exampleId;
    secondExample = second.exampleId;
  });

  it("marks an example gold with full quality, makes its pattern gold and audits it", async () => {
    const result = await setGoldStandard(
      testbed.db,
      { exampleId: firstExample, gold: true },
      testbed.actor,
    );
    expect(result).toEqual({ exampleId: firstExample, patternId, gold: true });
    expect(await example(firstExample)).toMatchObject({ isGoldStandard: true, qualityScore: 1 });
    expect((await example(secondExample)).isGoldStandard).toBe(false);
    expect((await loadPattern(testbed.db, patternId)).isGoldStandard).toBe(true);
    const audits = await auditRows(testbed.db, "example.mark_gold");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: testbed.actor.userId,
      targetType: "pattern_example",
      targetId: firstExample,
      details: { patternId },
    });
  });

  it("keeps the pattern gold while another example is, and clears it with the last one", async () => {
    await setGoldStandard(testbed.db, { exampleId: firstExample, gold: true }, testbed.actor);
    await setGoldStandard(testbed.db, { exampleId: secondExample, gold: true }, testbed.actor);

    await setGoldStandard(testbed.db, { exampleId: firstExample, gold: false }, testbed.actor);
    expect((await example(firstExample)).isGoldStandard).toBe(false);
    expect((await loadPattern(testbed.db, patternId)).isGoldStandard).toBe(true);

    await setGoldStandard(testbed.db, { exampleId: secondExample, gold: false }, testbed.actor);
    expect((await loadPattern(testbed.db, patternId)).isGoldStandard).toBe(false);
    expect(await auditRows(testbed.db, "example.unmark_gold")).toHaveLength(2);
  });

  it("answers NOT_FOUND for an unknown example and audits nothing", async () => {
    await expect(
      setGoldStandard(
        testbed.db,
        { exampleId: "00000000-0000-4000-8000-000000000000", gold: true },
        testbed.actor,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditRows(testbed.db, "example.mark_gold")).toHaveLength(0);
    expect((await loadPattern(testbed.db, patternId)).isGoldStandard).toBe(false);
  });
});
