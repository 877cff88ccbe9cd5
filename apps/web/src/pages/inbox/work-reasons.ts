// Why a conversation is in the work queue, as the operator reads it.
import type { RouterOutputs } from "@playbook/api/router";

export type WorkItem = RouterOutputs["conversations"]["workQueue"]["items"][number];
export type WorkReason = WorkItem["reason"];
export type WorkCounts = RouterOutputs["conversations"]["workQueueCounts"];

/** Most pressing first, as the server orders them. */
export const workReasons: readonly WorkReason[] = [
  "escalation",
  "failed",
  "queue",
  "suggestion",
  "no_match",
];

export const workReasonLabels: Record<WorkReason, { label: string; color: string }> = {
  escalation: { label: "Escalated", color: "red" },
  failed: { label: "Send failed", color: "orange" },
  queue: { label: "In the queue", color: "yellow" },
  suggestion: { label: "Suggestion", color: "blue" },
  // Nothing proposed to the operator: no pattern fitted, or automation is off or in shadow mode.
  no_match: { label: "Unanswered", color: "gray" },
};
