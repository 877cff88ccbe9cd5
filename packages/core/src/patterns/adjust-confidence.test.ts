import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@playbook/db";
import { confidenceEvents, patterns } from "@playbook/db/schema";
import { testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import type { Actor } from "../auth/users";
import { adjustPatternConfidence } from "./adjust-confidence";
import {
  auditRowsFor,
  containing,
  insertPattern,
  openPatternTestDatabase,
} from "./pattern-test-fixtures";

describe.each(testDatabaseKinds)("adjustPatternConfidence on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  let actor: Actor;
  beforeAll(async () => {
    ({ test, db, actor } = await openPatternTestDatabase(kind));
  });
  afterAll(() => test.drop());

  const eventsOf = (id: string) =>
    db.select().from(confidenceEvents).where(eq(confidenceEvents.patternId, id));

  it("sets the confidence and records a manual_adjustment event and an audit row", async () => {
    const pattern = await insertPattern(db, { confidence: 0.62 });
    const updated = await adjustPatternConfidence(
      db,
      { id: pattern.id, confidence: 0.3, note: "  answers are outdated " },
      actor,
    );
    expect(updated.confidence).toBe(0.3);
    const events = await eventsOf(pattern.id);
    expect(events).toEqual([
      expect.objectContaining({
        oldConfidence: 0.62,
        newConfidence: 0.3,
        reason: "manual_adjustment",
        actorUserId: actor.userId,
        note: "answers are outdated",
        decisionId: null,
      }),
    ]);
    const [audit] = (await auditRowsFor(db, "pattern.adjust_confidence")).filter(
      (row) => row.targetId === pattern.id,
    );
    expect(audit?.details).toEqual({ from: 0.62, to: 0.3, note: "answers are outdated" });
  });

  it("accepts the bounds and writes nothing when the value is unchanged", async () => {
    const pattern = await insertPattern(db, { confidence: 0.5 });
    expect(
      (await adjustPatternConfidence(db, { id: pattern.id, confidence: 1, note: "gold" }, actor))
        .confidence,
    ).toBe(1);
    expect(
      (await adjustPatternConfidence(db, { id: pattern.id, confidence: 0, note: "off" }, actor))
        .confidence,
    ).toBe(0);
    await adjustPatternConfidence(db, { id: pattern.id, confidence: 0, note: "again" }, actor);
    expect(await eventsOf(pattern.id)).toHaveLength(2);
  });

  it("refuses values outside [0, 1], a missing note, missing and deleted patterns", async () => {
    const pattern = await insertPattern(db, { confidence: 0.5 });
    for (const confidence of [-0.01, 1.01, Number.NaN]) {
      await expect(
        adjustPatternConfidence(db, { id: pattern.id, confidence, note: "x" }, actor),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(
      adjustPatternConfidence(db, { id: pattern.id, confidence: 0.4, note: "  " }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: containing("note") });
    await expect(
      adjustPatternConfidence(
        db,
        { id: "00000000-0000-4000-8000-000000000002", confidence: 0.4, note: "x" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const deleted = await insertPattern(db, { deletedAt: new Date() });
    await expect(
      adjustPatternConfidence(db, { id: deleted.id, confidence: 0.4, note: "x" }, actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const [row] = await db.select().from(patterns).where(eq(patterns.id, pattern.id));
    expect(row?.confidence).toBe(0.5);
    expect(await eventsOf(pattern.id)).toHaveLength(0);
  });
});
