// The admin applies or dismisses a suggestion. Both are audited; a second click finds it already done and changes
// nothing; applying carries out the change in the same transaction, through the same code as doing it by hand.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@playbook/db";
import { smartSuggestions } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { conflict, notFound } from "../errors";
import { lockPattern } from "../patterns/lock-pattern";
import { mergePatterns } from "../patterns/merge-patterns";
import { parseRequest } from "../patterns/parse-request";
import { setPatternActive } from "../patterns/set-pattern-state";
import type { SmartSuggestion } from "./refresh-suggestions";

export const ZResolveSmartSuggestion = z.object({ id: z.uuid() });
export type TResolveSmartSuggestion = z.input<typeof ZResolveSmartSuggestion>;

async function lockSuggestion(tx: Tx, id: string): Promise<SmartSuggestion> {
  const [found] = await tx
    .select()
    .from(smartSuggestions)
    .where(eq(smartSuggestions.id, id))
    .for("update");
  if (!found) throw notFound("Suggestion");
  return found;
}

/** What applying a suggestion does; returns what to record in the audit log. */
async function carryOut(
  tx: Tx,
  suggestion: SmartSuggestion,
  actor: Actor,
): Promise<Record<string, unknown>> {
  const [patternId, otherId] = suggestion.patternIds;
  if (!patternId) throw conflict("The suggestion names no pattern");
  switch (suggestion.kind) {
    case "activate_pattern":
      await setPatternActive(tx, { id: patternId, active: true }, actor);
      return { did: "activated", patternId };
    case "deactivate_pattern":
      await setPatternActive(tx, { id: patternId, active: false }, actor);
      return { did: "deactivated", patternId };
    case "merge_patterns": {
      if (!otherId) throw conflict("A merge needs two patterns");
      const merged = await mergePatterns(tx, { keepId: patternId, mergeId: otherId }, actor);
      return { did: "merged", ...merged };
    }
    case "pattern_anomaly": {
      // A jump in escalations stops the pattern from answering by itself until someone looks; a jump in volume
      // is news only, acknowledged.
      const pattern = await lockPattern(tx, patternId);
      if (suggestion.evidence["metric"] === "escalations" && pattern.autoExecutable) {
        await setPatternActive(
          tx,
          { id: patternId, active: pattern.isActive, autoExecutable: false },
          actor,
        );
        return { did: "auto-send turned off", patternId };
      }
      return { did: "acknowledged", patternId };
    }
  }
}

/**
 * Moves an open suggestion to `state` under its row lock, doing `act` first when applying; one audit entry. A
 * suggestion already in that state is returned unchanged: a second click records nothing.
 */
async function resolve(
  db: Db,
  request: TResolveSmartSuggestion,
  actor: Actor,
  state: "applied" | "dismissed",
): Promise<SmartSuggestion> {
  const { id } = parseRequest(ZResolveSmartSuggestion, request);
  return db.transaction(async (tx) => {
    const suggestion = await lockSuggestion(tx, id);
    if (suggestion.state === state) return suggestion;
    if (suggestion.state !== "open") throw conflict(`The suggestion was ${suggestion.state}`);
    const outcome = state === "applied" ? await carryOut(tx, suggestion, actor) : {};
    const [updated] = await tx
      .update(smartSuggestions)
      .set({ state, resolvedAt: new Date(), resolvedBy: actor.userId })
      .where(eq(smartSuggestions.id, id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: state === "applied" ? "suggestion.apply" : "suggestion.dismiss",
      targetType: "smart_suggestion",
      targetId: id,
      details: { kind: suggestion.kind, title: suggestion.title, ...outcome },
      ip: actor.ip,
    });
    return updated!;
  });
}

export const applySmartSuggestion = (db: Db, request: TResolveSmartSuggestion, actor: Actor) =>
  resolve(db, request, actor, "applied");

export const dismissSmartSuggestion = (db: Db, request: TResolveSmartSuggestion, actor: Actor) =>
  resolve(db, request, actor, "dismissed");
