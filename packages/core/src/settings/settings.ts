// Automation settings: typed defaults in code (safe: disabled, shadow mode, high thresholds), admin overrides
// stored per key in the config table.
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "@playbook/db";
import { config } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import { badRequest } from "../errors";
import type { Actor } from "../auth/users";

const unit = z.number().min(0).max(1);

// The original system's keys and first defaults (../shared/ORIGINALS.md), with the documents' deltas.
export const ZSettings = z
  .object({
    enabled: z.boolean().default(false),
    shadowMode: z.boolean().default(true),
    autoExecuteThreshold: unit.default(0.95),
    suggestThreshold: unit.default(0.75),
    queueThreshold: unit.default(0.5),
    minExecutionsForAuto: z.number().int().min(0).default(20),
    confidenceDeltaApproved: unit.default(0.15),
    confidenceDeltaModified: unit.default(0.1),
    confidenceDeltaRejected: z.number().min(-1).max(0).default(-0.2),
    confidenceDecayDaily: unit.default(0.01),
    suggestionTimeoutSeconds: z.number().int().positive().default(30),
  })
  .refine(
    (s) => s.autoExecuteThreshold >= s.suggestThreshold && s.suggestThreshold >= s.queueThreshold,
    { message: "Thresholds must satisfy auto ≥ suggest ≥ queue" },
  );

export type Settings = z.infer<typeof ZSettings>;
export type SettingKey = keyof Settings;

export const defaultSettings: Settings = ZSettings.parse({});
const settingKeys = Object.keys(defaultSettings) as SettingKey[];

/** Current settings: defaults overlaid with what admins stored. Unknown stored keys are ignored. */
export async function getSettings(executor: Executor): Promise<Settings> {
  const rows = await executor.select().from(config).where(inArray(config.key, settingKeys));
  const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  const parsed = ZSettings.safeParse({ ...defaultSettings, ...stored });
  // A stored value that no longer validates (e.g. after a schema change) must not stop the product: fall back
  // to the defaults, which are the safe ones.
  return parsed.success ? parsed.data : defaultSettings;
}

export const ZSettingsPatch = z
  .object({
    enabled: z.boolean(),
    shadowMode: z.boolean(),
    autoExecuteThreshold: unit,
    suggestThreshold: unit,
    queueThreshold: unit,
    minExecutionsForAuto: z.number().int().min(0),
    confidenceDeltaApproved: unit,
    confidenceDeltaModified: unit,
    confidenceDeltaRejected: z.number().min(-1).max(0),
    confidenceDecayDaily: unit,
    suggestionTimeoutSeconds: z.number().int().positive(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof ZSettingsPatch>;

/** Stores a partial change after checking the whole result is consistent; audited in the same transaction. */
export async function updateSettings(
  db: Db,
  patch: SettingsPatch,
  actor: Actor,
): Promise<Settings> {
  return db.transaction(async (tx) => {
    const current = await getSettings(tx);
    const next = ZSettings.safeParse({ ...current, ...patch });
    if (!next.success) throw badRequest(next.error.issues.map((i) => i.message).join("; "));
    for (const [key, value] of Object.entries(patch)) {
      await tx
        .insert(config)
        .values({ key, value, updatedBy: actor.userId })
        .onConflictDoUpdate({ target: config.key, set: { value, updatedBy: actor.userId } });
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "settings.update",
      targetType: "settings",
      details: { before: pick(current, patch), after: patch },
      ip: actor.ip,
    });
    return next.data;
  });
}

const pick = (settings: Settings, patch: SettingsPatch) =>
  Object.fromEntries(Object.keys(patch).map((key) => [key, settings[key as SettingKey]]));
