// The playground's dry run on a real database: the whole decision trace, and not one row written anywhere
// (the original's test endpoint wrote fake rows into real history).
import { eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  approvalQueue,
  auditLog,
  confidenceEvents,
  conversations,
  customers,
  decisions,
  messages,
  patternExamples,
  patterns,
  webhookEvents,
} from "@playbook/db/schema";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  DAY,
  applySettings,
  countRows,
  createClock,
  createKitEngine,
  later,
  liveSettings,
  loadPattern,
  nextCustomerPhone,
  openEngineTestbed,
  resetEngineData,
  teachPattern,
  type EngineTestbed,
  textMatching,
} from "./engine-test-kit";
import { defaultSettings } from "../settings/settings";
import { dryRunDecision } from "./dry-run";
import type { ReplyEngine } from "./reply-engine";

const liveSettingsUrgent = () => [...defaultSettings.escalationUrgentWords];
const ANSWER = "We open at 9am on Sundays. See you then!";
const touched: Record<string, PgTable> = {
  messages,
  decisions,
  customers,
  conversations,
  approvalQueue,
  confidenceEvents,
  webhookEvents,
  patterns,
  patternExamples,
  auditLog,
};

describe.each(testDatabaseKinds)("dryRunDecision on %s", (kind) => {
  let testbed: EngineTestbed;
  let engine: ReplyEngine;
  let patternId: string;
  let knownCustomer: string;
  const clock = createClock();

  const countAll = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(touched).map(async ([name, table]) => [
          name,
          await countRows(testbed.db, table),
        ]),
      ),
    ) as Record<string, number>;

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    clock.set(new Date());
    engine = createKitEngine(testbed, clock);
    await applySettings(testbed, liveSettings);
    knownCustomer = nextCustomerPhone();
    ({ patternId } = await teachPattern(engine, {
      customer: knownCustomer,
      question: "What time do you open on Sunday?",
      answer: ANSWER,
      at: later(clock.now, -DAY),
    }));
    await testbed.db.update(patterns).set({ isActive: true }).where(eq(patterns.id, patternId));
  });

  it("returns the trace with gates and candidates and writes nothing", async () => {
    const before = await countAll();
    const patternBefore = await loadPattern(testbed.db, patternId);

    const trace = await dryRunDecision(engine, {
      text: "when do you open sunday",
      customerPhone: knownCustomer,
    });
    expect(trace).toMatchObject({
      mode: "queue",
      intendedMode: "queue",
      proposedReply: ANSWER,
      customerKnown: true,
    });
    expect(trace.pattern?.id).toBe(patternId);
    expect(trace.matchScore).toBeGreaterThan(0);
    expect(trace.candidates[0]).toMatchObject({
      patternId,
      confidence: 0.5,
      pattern: {
        id: patternId,
        isActive: true,
        responseTemplate: textMatching(/\{\{time\}\}/),
      },
    });
    const gateNames = trace.gates.map((g) => g.gate);
    expect(gateNames).toEqual(
      expect.arrayContaining([
        "match",
        "system enabled",
        "shadow mode",
        "pattern active",
        "opt-out",
      ]),
    );
    expect(trace.gates.find((g) => g.gate === "match")?.passed).toBe(true);

    expect(await countAll()).toEqual(before);
    // Not even the pattern's last use: a dry run is not a use.
    expect(await loadPattern(testbed.db, patternId)).toEqual(patternBefore);
  });

  it("escalates on the admin's escalation words, through the same decision as live", async () => {
    const text = "when do you open sunday, the course is waterlogged";
    expect((await dryRunDecision(engine, { text })).mode).not.toBe("escalate");
    await applySettings(testbed, {
      escalationUrgentWords: [...liveSettingsUrgent(), "Water-logged", "waterlogged"],
    });
    const escalated = await dryRunDecision(engine, { text });
    expect(escalated.mode).toBe("escalate");
    // A default word the admin removed no longer escalates.
    await applySettings(testbed, { escalationUrgentWords: ["waterlogged"] });
    expect(
      (await dryRunDecision(engine, { text: "when do you open sunday, emergency" })).mode,
    ).not.toBe("escalate");
  });

  it("evaluates an unknown customer without creating one, and honours the overrides", async () => {
    await testbed.db
      .update(patterns)
      .set({ confidence: 1, successCount: 25, autoExecutable: true })
      .where(eq(patterns.id, patternId));
    const before = await countAll();
    const stranger = nextCustomerPhone();

    const plain = await dryRunDecision(engine, {
      text: "when do you open sunday",
      customerPhone: stranger,
    });
    expect(plain.customerKnown).toBe(false);
    expect(plain.mode).toBe("auto");

    const optedOut = await dryRunDecision(engine, {
      text: "when do you open sunday",
      customerPhone: stranger,
      optedOut: true,
    });
    expect(optedOut.mode).toBe("shadow");
    expect(optedOut.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(["opt-out"]);

    const nothing = await dryRunDecision(engine, { text: "Is there parking behind the building?" });
    expect(nothing).toMatchObject({ mode: "none", pattern: null, proposedReply: null });

    expect(await countAll()).toEqual(before);
    const [row] = await testbed.db.select().from(customers).where(eq(customers.phone, stranger));
    expect(row).toBeUndefined();
  });
});
