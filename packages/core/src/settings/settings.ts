// Automation settings: typed defaults in code (safe: disabled, shadow mode, high thresholds), admin overrides
// stored per key in the config table.
import { inArray } from "drizzle-orm";
import { IANAZone } from "luxon";
import { z } from "zod";
import { checkedTemplateText } from "../learning/check-template";
import { defaultAngryWords, defaultUrgentWords } from "../learning/detect-escalation";
import { normalizeText } from "../text/normalize-text";
import type { Db, Executor } from "@playbook/db";
import { config } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import { badRequest } from "../errors";
import type { Actor } from "../auth/users";

const unit = z.number().min(0).max(1);

// Settings are read for every decision; luxon builds an Intl formatter to check a zone, so remember the answer.
const zoneValidity = new Map<string, boolean>();
function isKnownZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}
const count = z.number().int().min(0);
const positiveCount = z.number().int().min(1);

/** Days of the week in ISO order (Monday first), the keys of `workingHours`. */
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

const ZDayHours = z
  .object({
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Opening time must be HH:MM, 00:00–23:59"),
    // "24:00" lets a day run to midnight.
    end: z
      .string()
      .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Closing time must be HH:MM, 00:01–24:00"),
  })
  .strict()
  // Zero-padded HH:MM strings order like the times they name.
  .refine((hours) => hours.end > hours.start, {
    message: "Working hours must end after they start",
    path: ["end"],
  });
export type DayHours = z.infer<typeof ZDayHours>;

/** Per weekday, when someone is around to watch automated replies; null = closed all day. */
const ZWorkingHours = z
  .object({
    mon: ZDayHours.nullable(),
    tue: ZDayHours.nullable(),
    wed: ZDayHours.nullable(),
    thu: ZDayHours.nullable(),
    fri: ZDayHours.nullable(),
    sat: ZDayHours.nullable(),
    sun: ZDayHours.nullable(),
  })
  .strict();
export type WorkingHours = z.infer<typeof ZWorkingHours>;

/** Most words or phrases one escalation list may hold, and the longest one. */
export const escalationWordLimits = { maxCount: 200, maxLength: 60 } as const;

// Words are matched whole on normalised text ("Don't" is "dont"), so they are stored as they will be compared;
// a word that is only punctuation would match nothing and is refused.
const ZEscalationWords = z
  .array(
    z
      .string()
      .trim()
      .min(1, "An escalation word cannot be empty")
      .max(
        escalationWordLimits.maxLength,
        `An escalation word can have at most ${escalationWordLimits.maxLength} characters`,
      )
      .transform((word) => normalizeText(word))
      .refine((word) => word !== "", "An escalation word needs a letter or a digit"),
  )
  .max(
    escalationWordLimits.maxCount,
    `At most ${escalationWordLimits.maxCount} escalation words per list`,
  )
  .transform((words) => [...new Set(words)]);

// Each setting's schema, declared once; ZSettings adds the defaults and ZSettingsPatch makes them optional.
const replyFrame = checkedTemplateText(z.string().max(120));

const settingFields = {
  enabled: z.boolean(),
  shadowMode: z.boolean(),
  autoExecuteThreshold: unit,
  suggestThreshold: unit,
  queueThreshold: unit,
  minExecutionsForAuto: count,
  confidenceDeltaApproved: unit,
  confidenceDeltaModified: unit,
  confidenceDeltaRejected: z.number().min(-1).max(0),
  confidenceDecayDaily: unit,
  suggestionTimeoutSeconds: z.number().int().positive(),
  timezone: z
    .string()
    .refine((zone) => isKnownZone(zone), "Time zone must be an IANA name such as Europe/London"),
  workingHours: ZWorkingHours,
  holidays: z.array(z.iso.date("Holidays must be dates as YYYY-MM-DD")),
  maxAutoRepliesPerCustomer: count,
  autoReplyWindowMinutes: positiveCount,
  minMatchScore: unit,
  autoMinProbability: unit,
  autoMinPrecision: unit,
  suggestMinProbability: unit,
  queueMinProbability: unit,
  // Framing text is a template like any other: it passes the same check.
  replyGreeting: replyFrame,
  replySignOff: replyFrame,
  autoMinMatchScore: unit,
  autoMinMargin: unit,
  minMargin: unit,
  queueExpiryHours: positiveCount,
  conversationIdleMinutes: positiveCount,
  adaptiveConversationTimeout: z.boolean(),
  replySettleSeconds: count,
  autoReplyMaxAgeMinutes: positiveCount,
  rejectionsToDeactivate: positiveCount,
  rejectionWindowDays: positiveCount,
  unusedDaysBeforeDecay: count,
  decayFloor: unit,
  // Minutes a reply may wait for review before Slack and open dashboards are told (alerts/collect-alerts.ts).
  // Words that make a message angry or urgent, so a person handles it (learning/detect-escalation.ts).
  escalationAngryWords: ZEscalationWords,
  escalationUrgentWords: ZEscalationWords,
  alertWaitingMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  // The one-question satisfaction text after a resolved conversation (experiments/satisfaction-text.ts).
  satisfactionTextEnabled: z.boolean(),
  satisfactionTextWording: z
    .string()
    .trim()
    .min(1, "The satisfaction text needs a wording")
    .max(320, "The satisfaction text must fit in two SMS (320 characters)")
    .refine((text) => !/\{\{/.test(text), "The satisfaction text takes no {{variables}}"),
};
type SettingFields = typeof settingFields;
type SettingValues = { [K in keyof SettingFields]: z.output<SettingFields[K]> };

// The original system's keys and first defaults (../shared/ORIGINALS.md), with the documents' deltas.
const settingDefaults: SettingValues = {
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
  workingHours: Object.fromEntries(
    weekdays.map((day) => [day, { start: "09:00", end: "21:00" }]),
  ) as WorkingHours,
  holidays: [],
  maxAutoRepliesPerCustomer: 3,
  autoReplyWindowMinutes: 60,
  minMatchScore: 0.35,
  // The calibrated probability that a proposal is what an operator would send, needed for each level. Auto also
  // needs autoMinPrecision: the business's judged proposals at least as sure were right that often (a 95% lower
  // bound), so the automatic replies as a whole are right at least that often.
  autoMinProbability: 0.95,
  autoMinPrecision: 0.99,
  suggestMinProbability: 0.8,
  queueMinProbability: 0.5,
  // Replies are learned without greeting and sign-off (those are style, not the answer) and sent with these:
  // {{customer_name}} is the customer's first name, left out with its comma when unknown ("Hi {{customer_name}},"
  // gives "Hi Sam," or "Hi,"). Empty: none.
  replyGreeting: "",
  replySignOff: "",
  autoMinMatchScore: 0.6,
  autoMinMargin: 0.1,
  minMargin: 0.03,
  queueExpiryHours: 24,
  conversationIdleMinutes: 60,
  adaptiveConversationTimeout: true,
  replySettleSeconds: 60,
  // A message decided later than this after it was sent (a backlog, a late redelivery) gets a person's reply.
  autoReplyMaxAgeMinutes: 10,
  rejectionsToDeactivate: 3,
  rejectionWindowDays: 7,
  unusedDaysBeforeDecay: 1,
  decayFloor: 0.3,
  alertWaitingMinutes: 15,
  escalationAngryWords: [...defaultAngryWords],
  escalationUrgentWords: [...defaultUrgentWords],
  // Off by default: a business turns it on. Never sent to opted-out customers, at most once a week per customer.
  satisfactionTextEnabled: false,
  satisfactionTextWording:
    "How did we do? Reply with a number from 1 (poor) to 5 (great). Reply STOP to opt out.",
};

type WithDefaults<F extends Record<string, z.ZodType>> = { [K in keyof F]: z.ZodDefault<F[K]> };

function withDefaults<F extends Record<string, z.ZodType>>(
  fields: F,
  defaults: { [K in keyof F]: z.output<F[K]> },
): WithDefaults<F> {
  // Object.fromEntries forgets the keys; the mapped type restores what the loop does.
  return Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [key, schema.default(defaults[key])]),
  ) as WithDefaults<F>;
}

export const ZSettings = z
  .object(withDefaults(settingFields, settingDefaults))
  .refine(
    (s) => s.autoExecuteThreshold >= s.suggestThreshold && s.suggestThreshold >= s.queueThreshold,
    { message: "Thresholds must satisfy auto ≥ suggest ≥ queue" },
  )
  .refine((s) => s.autoMinMatchScore >= s.minMatchScore, {
    message: "The match score needed to auto-send must be at least the minimum match score",
    path: ["autoMinMatchScore"],
  })
  .refine((s) => s.autoMinMargin >= s.minMargin, {
    message: "The margin needed to auto-send must be at least the minimum margin",
    path: ["autoMinMargin"],
  });

export type Settings = z.infer<typeof ZSettings>;
export type SettingKey = keyof Settings;

export const defaultSettings: Settings = ZSettings.parse({});
export const settingKeys = Object.keys(defaultSettings) as SettingKey[];

/** Current settings: defaults overlaid with what admins stored. Unknown stored keys are ignored. */
export async function getSettings(executor: Executor): Promise<Settings> {
  const rows = await executor.select().from(config).where(inArray(config.key, settingKeys));
  return settingsFromStored(Object.fromEntries(rows.map((row) => [row.key, row.value])));
}

/** The settings given the stored overrides (key → value), as getSettings reads them. */
export function settingsFromStored(stored: Record<string, unknown>): Settings {
  // Read fresh for every decision (the kill switch must count at once), but validated only when it changed.
  const key = JSON.stringify(stored);
  if (key === lastParsed.key) return lastParsed.settings;
  const parsed = ZSettings.safeParse({ ...defaultSettings, ...stored });
  // A stored value that no longer validates (e.g. after a schema change) must not stop the product: fall back
  // to the defaults, which are the safe ones.
  const settings = parsed.success ? parsed.data : defaultSettings;
  lastParsed = { key, settings };
  return settings;
}

let lastParsed: { key: string; settings: Settings } = { key: "", settings: defaultSettings };

/** A change to some settings; `workingHours` and `holidays` are replaced whole. */
export const ZSettingsPatch = z.object(settingFields).partial().strict();
export type SettingsPatch = z.infer<typeof ZSettingsPatch>;

/** Stores a partial change after checking the whole result is consistent; audited in the same transaction. */
export async function updateSettings(
  db: Db,
  patch: SettingsPatch,
  actor: Actor,
): Promise<Settings> {
  // An explicit undefined means "no change", not "store null".
  const changes = Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as SettingsPatch;
  return db.transaction((tx) => writeSettings(tx, changes, actor));
}

/** `updateSettings` inside the caller's transaction (the kill switch changes settings with other things). */
export async function writeSettings(
  tx: Executor,
  changes: SettingsPatch,
  actor: Actor,
): Promise<Settings> {
  const current = await getSettings(tx);
  const next = ZSettings.safeParse({ ...current, ...changes });
  if (!next.success) throw badRequest(describeIssues(next.error.issues));
  for (const [key, value] of Object.entries(changes)) {
    await tx
      .insert(config)
      .values({ key, value, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: config.key, set: { value, updatedBy: actor.userId } });
  }
  await recordAudit(tx, {
    actorUserId: actor.userId,
    action: "settings.update",
    targetType: "settings",
    details: { before: pick(current, changes), after: changes },
    ip: actor.ip,
  });
  return next.data;
}

// "workingHours.sat.end: Working hours must end after they start" tells the admin which field to fix.
const describeIssues = (issues: z.core.$ZodIssue[]) =>
  issues
    .map((issue) =>
      issue.path.length > 0
        ? `${issue.path.map(String).join(".")}: ${issue.message}`
        : issue.message,
    )
    .join("; ");

const pick = (settings: Settings, patch: SettingsPatch) =>
  Object.fromEntries(Object.keys(patch).map((key) => [key, settings[key as SettingKey]]));
