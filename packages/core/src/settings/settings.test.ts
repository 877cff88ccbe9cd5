import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, config, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { hashPassword } from "../auth/password";
import { defaultSettings, getSettings, updateSettings } from "./settings";

describe("default settings", () => {
  it("are the safe ones: disabled, shadow mode, high thresholds, the documented deltas", () => {
    expect(defaultSettings).toEqual({
      enabled: false,
      shadowMode: true,
      autoExecuteThreshold: 0.95,
      suggestThreshold: 0.75,
      queueThreshold: 0.5,
      minExecutionsForAuto: 20,
      confidenceDeltaApproved: 0.15,
      confidenceDeltaModified: 0.1,
      confidenceDeltaRejected: -0.2,
      confidenceDecayDaily: 0.01,
      suggestionTimeoutSeconds: 30,
    });
  });
});

describe.each(testDatabaseKinds)("settings on %s", (kind) => {
  let test: TestDatabase;
  let actor: { userId: string; ip: null };
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const [admin] = await test.database.db
      .insert(users)
      .values({
        email: "a@example.com",
        name: "A",
        role: "admin",
        passwordHash: await hashPassword("x".repeat(12)),
      })
      .returning();
    actor = { userId: admin!.id, ip: null };
  });
  afterAll(() => test.drop());

  it("reads the defaults when nothing is stored", async () => {
    expect(await getSettings(test.database.db)).toEqual(defaultSettings);
  });

  it("stores a change, returns numbers as numbers, and audits it", async () => {
    const next = await updateSettings(
      test.database.db,
      { suggestThreshold: 0.8, enabled: true },
      actor,
    );
    expect(next.suggestThreshold).toBe(0.8);
    const read = await getSettings(test.database.db);
    expect(read).toMatchObject({ suggestThreshold: 0.8, enabled: true, shadowMode: true });
    expect(read.suggestThreshold + 0.05).toBeCloseTo(0.85, 10);
    const audits = await test.database.db.select().from(auditLog);
    expect(audits.at(-1)).toMatchObject({
      action: "settings.update",
      details: {
        before: { suggestThreshold: 0.75, enabled: false },
        after: { suggestThreshold: 0.8, enabled: true },
      },
    });
  });

  it("refuses thresholds out of order and stores nothing of the change", async () => {
    await expect(
      updateSettings(test.database.db, { queueThreshold: 0.9 }, actor),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await getSettings(test.database.db)).queueThreshold).toBe(0.5);
  });

  it("falls back to the safe defaults if a stored value is corrupt", async () => {
    await test.database.db
      .insert(config)
      .values({ key: "autoExecuteThreshold", value: "lots" })
      .onConflictDoUpdate({ target: config.key, set: { value: "lots" } });
    expect(await getSettings(test.database.db)).toEqual(defaultSettings);
  });
});
