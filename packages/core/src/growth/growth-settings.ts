// Growth settings, stored in the config table under their own keys (admins change them; defaults live here).
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "@playbook/db";
import { config } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { badRequest } from "../errors";
import { defaultMatchWeights, ZMatchWeights } from "./match-contractor";
import { defaultTierLadder, ZTierLadder } from "./tier-ladder";

export const ZGrowthSettings = z
  .object({
    growthTierLadder: ZTierLadder,
    /** Days between scheduled refreshes (an import also triggers one). */
    growthRefreshIntervalDays: z.number().int().min(1).max(366),
    /** The backtest fits on data older than this many months before the last observation. */
    growthBacktestMonths: z.number().int().min(1).max(120),
    /** Weights of matching a contractor to a cohort (tier, focus areas, team size, stage). */
    growthMatchWeights: ZMatchWeights,
  })
  .strict();
export type GrowthSettings = z.infer<typeof ZGrowthSettings>;
export const ZGrowthSettingsPatch = ZGrowthSettings.partial().strict();

export const defaultGrowthSettings: GrowthSettings = {
  growthTierLadder: defaultTierLadder,
  growthRefreshIntervalDays: 30,
  growthBacktestMonths: 12,
  growthMatchWeights: defaultMatchWeights,
};
/** The config keys the growth settings are stored under. */
export const growthSettingKeys = Object.keys(defaultGrowthSettings);

export async function getGrowthSettings(executor: Executor): Promise<GrowthSettings> {
  const rows = await executor.select().from(config).where(inArray(config.key, growthSettingKeys));
  return parseGrowthSettings(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

/** The stored values by key over the defaults; all defaults when they do not validate together. */
export function parseGrowthSettings(stored: Record<string, unknown>): GrowthSettings {
  const parsed = ZGrowthSettings.safeParse({ ...defaultGrowthSettings, ...stored });
  return parsed.success ? parsed.data : defaultGrowthSettings;
}

export async function updateGrowthSettings(
  db: Db,
  patch: z.infer<typeof ZGrowthSettingsPatch>,
  actor: Actor,
): Promise<GrowthSettings> {
  return db.transaction(async (tx) => {
    const current = await getGrowthSettings(tx);
    const next = ZGrowthSettings.safeParse({ ...current, ...patch });
    if (!next.success) throw badRequest(next.error.issues.map((i) => i.message).join("; "));
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await tx
        .insert(config)
        .values({ key, value, updatedBy: actor.userId })
        .onConflictDoUpdate({ target: config.key, set: { value, updatedBy: actor.userId } });
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "growth.settings.update",
      targetType: "settings",
      details: { after: patch },
      ip: actor.ip,
    });
    return next.data;
  });
}
