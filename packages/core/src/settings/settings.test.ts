import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, config, users } from "@playbook/db/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@playbook/db/testing";
import { hashPassword } from "../auth/password";
import { defaultAngryWords, defaultUrgentWords } from "../learning/detect-escalation";
import {
  defaultSettings,
  getSettings,
  updateSettings,
  ZSettings,
  ZSettingsPatch,
  type Settings,
} from "./settings";

const everyDay = (hours: { start: string; end: string } | null) => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: hours,
  sun: hours,
});

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
      timezone: "UTC",
      workingHours: everyDay({ start: "09:00", end: "21:00" }),
      holidays: [],
      maxAutoRepliesPerCustomer: 3,
      autoReplyWindowMinutes: 60,
      minMatchScore: 0.35,
      autoMinProbability: 0.95,
      autoMinPrecision: 0.99,
      suggestMinProbability: 0.8,
      queueMinProbability: 0.5,
      replyGreeting: "",
      replySignOff: "",
      autoMinMatchScore: 0.6,
      autoMinMargin: 0.1,
      minMargin: 0.03,
      queueExpiryHours: 24,
      conversationIdleMinutes: 60,
      adaptiveConversationTimeout: true,
      replySettleSeconds: 60,
      autoReplyMaxAgeMinutes: 10,
      rejectionsToDeactivate: 3,
      rejectionWindowDays: 7,
      unusedDaysBeforeDecay: 1,
      decayFloor: 0.3,
      alertWaitingMinutes: 15,
      escalationAngryWords: [...defaultAngryWords],
      escalationUrgentWords: [...defaultUrgentWords],
      satisfactionTextEnabled: false,
      satisfactionTextWording: expect.stringMatching(/1 \(poor\) to 5/) as string,
    });
  });
});

const issuesOf = (change: Partial<Record<keyof Settings, unknown>>) => {
  const result = ZSettings.safeParse({ ...defaultSettings, ...change });
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("settings validation", () => {
  it("accepts the defaults and every day closed", () => {
    expect(issuesOf({})).toEqual([]);
    expect(issuesOf({ workingHours: everyDay(null) })).toEqual([]);
  });

  it("accepts a day running to midnight and refuses 24:00 as an opening time", () => {
    expect(issuesOf({ workingHours: everyDay({ start: "00:00", end: "24:00" }) })).toEqual([]);
    expect(issuesOf({ workingHours: everyDay({ start: "24:00", end: "24:00" }) })).not.toEqual([]);
  });

  it("refuses working hours that end before or when they start, naming the day", () => {
    const hours = { ...defaultSettings.workingHours, sat: { start: "21:00", end: "09:00" } };
    expect(issuesOf({ workingHours: hours })).toEqual([
      "workingHours.sat.end: Working hours must end after they start",
    ]);
    const empty = { ...defaultSettings.workingHours, sun: { start: "10:00", end: "10:00" } };
    expect(issuesOf({ workingHours: empty })).toHaveLength(1);
  });

  it.each([["9:00"], ["09:60"], ["25:00"], ["0900"], [""]])("refuses the time %j", (time) => {
    const hours = { ...defaultSettings.workingHours, mon: { start: time, end: "21:00" } };
    expect(issuesOf({ workingHours: hours })).not.toEqual([]);
  });

  it("refuses a missing weekday or an extra key", () => {
    const { sun: _sun, ...sixDays } = defaultSettings.workingHours;
    expect(issuesOf({ workingHours: sixDays })).not.toEqual([]);
    const extra = { ...defaultSettings.workingHours, holiday: null };
    expect(issuesOf({ workingHours: extra })).not.toEqual([]);
  });

  it("accepts IANA time zones and refuses anything else", () => {
    expect(issuesOf({ timezone: "America/Halifax" })).toEqual([]);
    expect(issuesOf({ timezone: "Pacific/Kiritimati" })).toEqual([]);
    expect(issuesOf({ timezone: "Mars/Olympus_Mons" })).toEqual([
      "timezone: Time zone must be an IANA name such as Europe/London",
    ]);
    expect(issuesOf({ timezone: "" })).not.toEqual([]);
  });

  it("accepts holidays as real ISO dates only", () => {
    expect(issuesOf({ holidays: ["2026-12-25", "2028-02-29"] })).toEqual([]);
    expect(issuesOf({ holidays: ["2026-02-30"] })).not.toEqual([]);
    expect(issuesOf({ holidays: ["2026-1-5"] })).not.toEqual([]);
    expect(issuesOf({ holidays: ["25/12/2026"] })).not.toEqual([]);
  });

  it("needs the auto-send match score and margin at least the general minimums", () => {
    expect(issuesOf({ autoMinMatchScore: 0.3 })).toEqual([
      "autoMinMatchScore: The match score needed to auto-send must be at least the minimum match score",
    ]);
    expect(issuesOf({ autoMinMatchScore: 0.35 })).toEqual([]);
    expect(issuesOf({ autoMinMargin: 0.02 })).toHaveLength(1);
    expect(issuesOf({ autoMinMargin: 0.03 })).toEqual([]);
  });

  it.each([
    ["maxAutoRepliesPerCustomer", -1],
    ["maxAutoRepliesPerCustomer", 1.5],
    ["autoReplyWindowMinutes", 0],
    ["queueExpiryHours", 0],
    ["conversationIdleMinutes", 0],
    ["replySettleSeconds", -1],
    ["rejectionsToDeactivate", 0],
    ["rejectionWindowDays", 0],
    ["unusedDaysBeforeDecay", -1],
    ["decayFloor", 1.1],
    ["alertWaitingMinutes", 0],
    ["alertWaitingMinutes", 2.5],
    ["minMatchScore", -0.1],
    ["minMargin", 2],
    ["adaptiveConversationTimeout", "yes"],
    ["satisfactionTextWording", "   "],
    ["satisfactionTextWording", "Hi {{customer_name}}, rate us 1-5"],
    ["satisfactionTextWording", "x".repeat(321)],
    ["satisfactionTextEnabled", "yes"],
  ] as const)("refuses %s = %j", (key, value) => {
    expect(issuesOf({ [key]: value })).not.toEqual([]);
  });

  it("accepts the lower bounds", () => {
    expect(
      issuesOf({ maxAutoRepliesPerCustomer: 0, replySettleSeconds: 0, unusedDaysBeforeDecay: 0 }),
    ).toEqual([]);
  });
});

describe("settings patch", () => {
  it("is partial and adds no defaults", () => {
    expect(ZSettingsPatch.parse({})).toEqual({});
    expect(ZSettingsPatch.parse({ minMargin: 0.05 })).toEqual({ minMargin: 0.05 });
  });

  it("refuses unknown keys and bad values", () => {
    expect(ZSettingsPatch.safeParse({ colour: "red" }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ timezone: "Nowhere/Else" }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ holidays: ["tomorrow"] }).success).toBe(false);
  });

  it("checks the greeting and sign-off as templates: known variables only", () => {
    expect(ZSettingsPatch.safeParse({ replyGreeting: "Hi {{customer_name}}," }).success).toBe(true);
    expect(ZSettingsPatch.safeParse({ replyGreeting: "Hi {{__proto__}}," }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ replySignOff: "— {{constructor}}" }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ replySignOff: "— The Golf Lab }}" }).success).toBe(false);
  });
});

describe("escalation words", () => {
  it("are stored normalised, trimmed and without repeats", () => {
    expect(
      ZSettingsPatch.parse({ escalationAngryWords: ["  Rip-Off ", "rip off", "DON'T CARE"] }),
    ).toEqual({ escalationAngryWords: ["rip off", "dont care"] });
  });

  it("refuse empty, punctuation-only, too long and too many words, saying why", () => {
    expect(issuesOf({ escalationAngryWords: ["  "] })).toEqual([
      "escalationAngryWords.0: An escalation word cannot be empty",
    ]);
    expect(issuesOf({ escalationUrgentWords: ["ok", "!!"] })).toEqual([
      "escalationUrgentWords.1: An escalation word needs a letter or a digit",
    ]);
    expect(issuesOf({ escalationUrgentWords: ["x".repeat(61)] })).toEqual([
      "escalationUrgentWords.0: An escalation word can have at most 60 characters",
    ]);
    const many = Array.from({ length: 201 }, (_, i) => `word${i}`);
    expect(issuesOf({ escalationAngryWords: many })).toEqual([
      "escalationAngryWords: At most 200 escalation words per list",
    ]);
    expect(issuesOf({ escalationAngryWords: [] })).toEqual([]);
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

  it("stores working hours, time zone and holidays as they were given", async () => {
    const workingHours = {
      ...defaultSettings.workingHours,
      sun: null,
      sat: { start: "10:00", end: "24:00" },
    };
    await updateSettings(
      test.database.db,
      { timezone: "America/Halifax", workingHours, holidays: ["2026-12-25"] },
      actor,
    );
    expect(await getSettings(test.database.db)).toMatchObject({
      timezone: "America/Halifax",
      workingHours,
      holidays: ["2026-12-25"],
    });
  });

  it("names the field of a refused change", async () => {
    const workingHours = { ...defaultSettings.workingHours, mon: { start: "18:00", end: "08:00" } };
    await expect(updateSettings(test.database.db, { workingHours }, actor)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "workingHours.mon.end: Working hours must end after they start",
    });
  });

  it("treats an explicit undefined as no change", async () => {
    const next = await updateSettings(
      test.database.db,
      { minMargin: undefined, queueExpiryHours: 12 },
      actor,
    );
    expect(next).toMatchObject({ minMargin: 0.03, queueExpiryHours: 12 });
    const rows = await test.database.db.select().from(config);
    expect(rows.map((row) => row.key)).not.toContain("minMargin");
  });

  it("stores escalation words, audits the change and refuses a bad word with a clear message", async () => {
    await updateSettings(test.database.db, { escalationUrgentWords: ["Waterlogged"] }, actor);
    expect((await getSettings(test.database.db)).escalationUrgentWords).toEqual(["waterlogged"]);
    const audits = await test.database.db.select().from(auditLog);
    expect(audits.at(-1)).toMatchObject({
      action: "settings.update",
      details: { before: { escalationUrgentWords: [...defaultUrgentWords] } },
    });
    await expect(
      updateSettings(test.database.db, { escalationAngryWords: ["?!"] }, actor),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "escalationAngryWords.0: An escalation word needs a letter or a digit",
    });
  });

  it("falls back to the safe defaults if a stored value is corrupt", async () => {
    await test.database.db
      .insert(config)
      .values({ key: "autoExecuteThreshold", value: "lots" })
      .onConflictDoUpdate({ target: config.key, set: { value: "lots" } });
    expect(await getSettings(test.database.db)).toEqual(defaultSettings);
  });
});
