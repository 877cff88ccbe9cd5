// decayUnusedPatterns on a real database: unused patterns drift down by the daily decay, never below the floor,
// once a day at most; patterns in use are left alone.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { confidenceEvents, patterns } from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  DAY,
  HOUR,
  MINUTE,
  applySettings,
  countRows,
  createClock,
  createKitEngine,
  customerSays,
  insertPattern,
  later,
  loadPattern,
  nextCustomerPhone,
  openEngineTestbed,
  resetEngineData,
  teachPattern,
  type EngineTestbed,
} from "./engine-test-kit";
import { decayUnusedPatterns } from "./decay-confidence";

describe.each(testDatabaseKinds)("decayUnusedPatterns on %s", (kind) => {
  let testbed: EngineTestbed;
  const clock = createClock();
  let now: Date;
  let fiveDaysAgo: Date;

  const eventsOf = (patternId: string) =>
    testbed.db.select().from(confidenceEvents).where(eq(confidenceEvents.patternId, patternId));

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    clock.set(new Date());
    now = clock.now;
    fiveDaysAgo = later(now, -5 * DAY);
    await applySettings(testbed, {
      confidenceDecayDaily: 0.05,
      decayFloor: 0.3,
      unusedDaysBeforeDecay: 1,
    });
  });

  it("lowers an unused pattern by confidenceDecayDaily and records a decay event", async () => {
    const unused = await insertPattern(testbed.db, { confidence: 0.5, createdAt: fiveDaysAgo });
    expect(await decayUnusedPatterns(testbed.db, now)).toEqual({ decayed: 1 });
    expect((await loadPattern(testbed.db, unused.id)).confidence).toBeCloseTo(0.45, 10);
    const [event] = await eventsOf(unused.id);
    expect(event).toMatchObject({ reason: "decay", oldConfidence: 0.5, createdAt: now });
    expect(event!.newConfidence).toBeCloseTo(0.45, 10);
  });

  it("never decays below the floor, and leaves a pattern at or under it alone", async () => {
    const near = await insertPattern(testbed.db, { confidence: 0.32, createdAt: fiveDaysAgo });
    const atFloor = await insertPattern(testbed.db, { confidence: 0.3, createdAt: fiveDaysAgo });
    const under = await insertPattern(testbed.db, { confidence: 0.1, createdAt: fiveDaysAgo });
    expect(await decayUnusedPatterns(testbed.db, now)).toEqual({ decayed: 1 });
    expect((await loadPattern(testbed.db, near.id)).confidence).toBeCloseTo(0.3, 10);
    expect((await loadPattern(testbed.db, atFloor.id)).confidence).toBe(0.3);
    expect((await loadPattern(testbed.db, under.id)).confidence).toBe(0.1);
    expect(await eventsOf(atFloor.id)).toHaveLength(0);
    expect(await eventsOf(under.id)).toHaveLength(0);
  });

  it("decays once a day: a second run the same day does nothing, the next day decays again", async () => {
    const unused = await insertPattern(testbed.db, { confidence: 0.5, createdAt: fiveDaysAgo });
    await decayUnusedPatterns(testbed.db, now);
    expect(await decayUnusedPatterns(testbed.db, later(now, 2 * HOUR))).toEqual({ decayed: 0 });
    expect((await loadPattern(testbed.db, unused.id)).confidence).toBeCloseTo(0.45, 10);
    expect(await eventsOf(unused.id)).toHaveLength(1);

    expect(await decayUnusedPatterns(testbed.db, later(now, DAY))).toEqual({ decayed: 1 });
    expect((await loadPattern(testbed.db, unused.id)).confidence).toBeCloseTo(0.4, 10);
    expect(await eventsOf(unused.id)).toHaveLength(2);
  });

  it("leaves alone a pattern that matched a message recently, even in shadow mode", async () => {
    const engine = createKitEngine(testbed, clock);
    const { patternId } = await teachPattern(engine, {
      customer: nextCustomerPhone(),
      question: "Do you have a dress code?",
      answer: "No dress code, just bring clean shoes and have fun!",
      at: later(now, -5 * DAY),
    });
    // Learned long ago and never matched since.
    await testbed.db
      .update(patterns)
      .set({ createdAt: fiveDaysAgo, lastUsedAt: null, confidence: 0.5 })
      .where(eq(patterns.id, patternId));
    const stale = await insertPattern(testbed.db, { confidence: 0.5, createdAt: fiveDaysAgo });

    const { decision } = await customerSays(
      engine,
      nextCustomerPhone(),
      "is there a dress code",
      later(now, -MINUTE),
    );
    expect(decision).toMatchObject({ mode: "shadow", patternId });
    expect((await loadPattern(testbed.db, patternId)).lastUsedAt).toEqual(now);

    expect(await decayUnusedPatterns(testbed.db, later(now, 12 * HOUR))).toEqual({ decayed: 1 });
    expect((await loadPattern(testbed.db, patternId)).confidence).toBe(0.5);
    expect(await eventsOf(patternId)).toHaveLength(0);
    expect((await loadPattern(testbed.db, stale.id)).confidence).toBeCloseTo(0.45, 10);
  });

  it("skips deleted patterns and does nothing when the daily decay is zero", async () => {
    const deleted = await insertPattern(testbed.db, {
      confidence: 0.5,
      createdAt: fiveDaysAgo,
      deletedAt: now,
    });
    expect(await decayUnusedPatterns(testbed.db, now)).toEqual({ decayed: 0 });
    expect((await loadPattern(testbed.db, deleted.id)).confidence).toBe(0.5);

    await insertPattern(testbed.db, { confidence: 0.5, createdAt: fiveDaysAgo });
    await applySettings(testbed, { confidenceDecayDaily: 0 });
    expect(await decayUnusedPatterns(testbed.db, now)).toEqual({ decayed: 0 });
    expect(await countRows(testbed.db, confidenceEvents)).toBe(0);
  });
});
