// What to tell the operator after a review: whether the reply went out (or OpenPhone's error), and how the
// pattern's confidence moved.
import { formatDelta, formatScore } from "../format-number";
import type { ReviewResult } from "../reply-engine-types";
import type { Review } from "./send-review";

export interface ReviewSummary {
  ok: boolean;
  color: "green" | "red" | "gray";
  title: string;
  message: string;
}

export function describeReviewResult(review: Review, result: ReviewResult): ReviewSummary {
  const parts: string[] = [];
  let summary: Omit<ReviewSummary, "message">;
  if (review.action === "reject") {
    summary = { ok: true, color: "gray", title: "Rejected" };
    parts.push(`Reason: ${review.reason}.`);
  } else if (!result.send) {
    summary = { ok: true, color: "gray", title: "Recorded" };
  } else if (result.send.ok) {
    summary = {
      ok: true,
      color: "green",
      title: review.action === "edit" ? "Edited reply sent" : "Reply sent",
    };
  } else {
    summary = { ok: false, color: "red", title: "Reply not sent" };
    // The decision keeps the reply as a failed send, so nothing is lost; say where to retry it.
    parts.push(
      `${result.send.error}. It is kept as a failed send; retry it from the conversation.`,
    );
  }
  if (result.confidence) {
    const { old, new: next, deactivated } = result.confidence;
    parts.push(
      `Pattern confidence ${formatScore(old)} → ${formatScore(next)} (${formatDelta(old, next)}).`,
    );
    if (deactivated) parts.push("The pattern was switched off after repeated rejections.");
  }
  return { ...summary, message: parts.join(" ") };
}
