// The automation settings form's state, and the check that turns it into a config.set patch of changed
// fields only. The server validates everything again; these checks put the message next to the field.
import type { Settings, SettingsPatch, Weekday, WorkingHours } from "../../reply-engine-types";

export const weekdays: { key: Weekday; label: string }[] = [
  { key: "mon", label: "Monday" },
  { key: "tue", label: "Tuesday" },
  { key: "wed", label: "Wednesday" },
  { key: "thu", label: "Thursday" },
  { key: "fri", label: "Friday" },
  { key: "sat", label: "Saturday" },
  { key: "sun", label: "Sunday" },
];

type NumberRule = { min: number; max?: number; integer: boolean };

/** The numeric settings on the form, with the ranges the server accepts. */
export const numberRules = {
  autoExecuteThreshold: { min: 0, max: 1, integer: false },
  suggestThreshold: { min: 0, max: 1, integer: false },
  queueThreshold: { min: 0, max: 1, integer: false },
  minExecutionsForAuto: { min: 0, integer: true },
  maxAutoRepliesPerCustomer: { min: 0, integer: true },
  autoReplyWindowMinutes: { min: 1, integer: true },
  alertWaitingMinutes: { min: 1, max: 7 * 24 * 60, integer: true },
} satisfies Record<string, NumberRule>;

export type NumberField = keyof typeof numberRules;
const numberFields = Object.keys(numberRules) as NumberField[];

export interface AutomationDraft {
  enabled: boolean;
  shadowMode: boolean;
  timezone: string;
  workingHours: WorkingHours;
  /** As the inputs hold them: a number, or the text being typed ("" while cleared). */
  numbers: Record<NumberField, number | string>;
}

export type DraftErrors = Partial<Record<NumberField | "timezone" | Weekday, string>> & {
  form?: string;
};

export function toAutomationDraft(settings: Settings): AutomationDraft {
  return {
    enabled: settings.enabled,
    shadowMode: settings.shadowMode,
    timezone: settings.timezone,
    workingHours: settings.workingHours,
    numbers: Object.fromEntries(numberFields.map((field) => [field, settings[field]])) as Record<
      NumberField,
      number
    >,
  };
}

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const closingClock = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

function readNumber(value: number | string, rule: NumberRule): number | string {
  const number = typeof value === "number" ? value : value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(number)) return "Enter a number";
  if (rule.integer && !Number.isInteger(number)) return "Enter a whole number";
  if (number < rule.min) return `At least ${rule.min}`;
  if (rule.max !== undefined && number > rule.max) return `At most ${rule.max}`;
  return number;
}

export type BuildPatchResult =
  { ok: true; patch: SettingsPatch } | { ok: false; errors: DraftErrors };

/** The fields that differ from `current`, or the problems to fix first. */
export function buildSettingsPatch(current: Settings, draft: AutomationDraft): BuildPatchResult {
  const errors: DraftErrors = {};
  const numbers: Partial<Record<NumberField, number>> = {};
  for (const field of numberFields) {
    const value = readNumber(draft.numbers[field], numberRules[field]);
    if (typeof value === "string") errors[field] = value;
    else numbers[field] = value;
  }
  const { autoExecuteThreshold: auto, suggestThreshold: suggest, queueThreshold: queue } = numbers;
  if (
    auto !== undefined &&
    suggest !== undefined &&
    queue !== undefined &&
    !(auto >= suggest && suggest >= queue)
  ) {
    errors.form = "Thresholds must satisfy auto ≥ suggest ≥ queue.";
  }
  const timezone = draft.timezone.trim();
  if (timezone === "") errors.timezone = "Choose a time zone";
  for (const { key } of weekdays) {
    const hours = draft.workingHours[key];
    if (!hours) continue;
    if (!clock.test(hours.start) || !closingClock.test(hours.end)) {
      errors[key] = "Use HH:MM, e.g. 09:00 and 21:00 (24:00 for midnight)";
    } else if (hours.end <= hours.start) {
      // Zero-padded HH:MM strings order like the times they name.
      errors[key] = "Closing time must be after opening time";
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const next: SettingsPatch = {
    enabled: draft.enabled,
    shadowMode: draft.shadowMode,
    timezone,
    workingHours: draft.workingHours,
    ...numbers,
  };
  const patch = Object.fromEntries(
    Object.entries(next).filter(
      ([key, value]) =>
        JSON.stringify(value) !== JSON.stringify(current[key as keyof SettingsPatch]),
    ),
  ) as SettingsPatch;
  return { ok: true, patch };
}
