// Writes one piece of feedback on a pattern: new confidence, counters, the confidence event, and deactivation
// after repeated rejections. Inside the caller's transaction.
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { confidenceEvents, patterns } from "@playbook/db/schema";
import {
  confidenceAfterFeedback,
  feedbackKinds,
  isNegative,
  isSuccess,
  shouldDeactivateAfterRejection,
  type FeedbackKind,
} from "../confidence/apply-feedback";
import { recordAudit } from "../audit/audit-log";
import type { Settings } from "../settings/settings";

export interface PatternFeedback {
  patternId: string;
  kind: FeedbackKind;
  decisionId: string | null;
  actorUserId: string | null;
  note?: string | null;
  now: Date;
}

export interface PatternFeedbackResult {
  oldConfidence: number;
  newConfidence: number;
  deactivated: boolean;
}

const negative = feedbackKinds.filter(isNegative);

/** The change as the API reports it to the operator who gave the feedback. */
export function confidenceChangeOf(
  feedback: PatternFeedbackResult | null,
): { old: number; new: number; deactivated: boolean } | null {
  return feedback
    ? {
        old: feedback.oldConfidence,
        new: feedback.newConfidence,
        deactivated: feedback.deactivated,
      }
    : null;
}

export async function applyPatternFeedback(
  tx: Tx,
  settings: Settings,
  feedback: PatternFeedback,
): Promise<PatternFeedbackResult | null> {
  const [pattern] = await tx
    .select({
      confidence: patterns.confidence,
      isActive: patterns.isActive,
      deletedAt: patterns.deletedAt,
    })
    .from(patterns)
    .where(eq(patterns.id, feedback.patternId))
    .for("update");
  if (!pattern) return null;

  const change = confidenceAfterFeedback(pattern.confidence, feedback.kind, settings);
  const negativeFeedback = isNegative(feedback.kind);
  await tx
    .update(patterns)
    .set({
      confidence: change.next,
      successCount: isSuccess(feedback.kind)
        ? sql`${patterns.successCount} + 1`
        : patterns.successCount,
      failureCount: negativeFeedback ? sql`${patterns.failureCount} + 1` : patterns.failureCount,
      overrideCount:
        feedback.kind === "modified" ? sql`${patterns.overrideCount} + 1` : patterns.overrideCount,
    })
    .where(eq(patterns.id, feedback.patternId));
  await tx.insert(confidenceEvents).values({
    patternId: feedback.patternId,
    oldConfidence: pattern.confidence,
    newConfidence: change.next,
    reason: feedback.kind,
    decisionId: feedback.decisionId,
    actorUserId: feedback.actorUserId,
    note: feedback.note ?? null,
    createdAt: feedback.now,
  });

  let deactivated = false;
  if (negativeFeedback && pattern.isActive) {
    const since = new Date(feedback.now.getTime() - settings.rejectionWindowDays * 86_400_000);
    const rejections = await tx
      .select({ at: confidenceEvents.createdAt })
      .from(confidenceEvents)
      .where(
        and(
          eq(confidenceEvents.patternId, feedback.patternId),
          inArray(confidenceEvents.reason, [...negative]),
          gte(confidenceEvents.createdAt, since),
        ),
      );
    if (
      shouldDeactivateAfterRejection(
        rejections.map((r) => r.at),
        feedback.now,
        settings,
      )
    ) {
      await tx
        .update(patterns)
        .set({ isActive: false, autoExecutable: false })
        .where(eq(patterns.id, feedback.patternId));
      await recordAudit(tx, {
        actorUserId: null,
        action: "pattern.deactivate",
        targetType: "pattern",
        targetId: feedback.patternId,
        details: {
          reason: `${rejections.length} rejections within ${settings.rejectionWindowDays} days`,
        },
      });
      deactivated = true;
    }
  }
  return { oldConfidence: pattern.confidence, newConfidence: change.next, deactivated };
}
