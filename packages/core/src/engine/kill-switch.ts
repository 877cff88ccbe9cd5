// One call stops all automation: the system is disabled and every pattern deactivated, in one transaction.
import { and, eq, isNull, or } from "drizzle-orm";
import { patterns } from "@playbook/db/schema";
import type { Db } from "@playbook/db";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { writeSettings } from "../settings/settings";

export async function pullKillSwitch(
  db: Db,
  input: { reason: string },
  actor: Actor,
): Promise<{ deactivatedPatterns: number }> {
  return db.transaction(async (tx) => {
    await writeSettings(tx, { enabled: false }, actor);
    const deactivated = await tx
      .update(patterns)
      .set({ isActive: false, autoExecutable: false })
      .where(
        and(
          isNull(patterns.deletedAt),
          or(eq(patterns.isActive, true), eq(patterns.autoExecutable, true)),
        ),
      )
      .returning({ id: patterns.id });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "automation.kill_switch",
      targetType: "settings",
      details: { reason: input.reason, deactivatedPatterns: deactivated.length },
      ip: actor.ip,
    });
    return { deactivatedPatterns: deactivated.length };
  });
}
