// An operator's answer to a proposed reply, sent to the right procedure: a suggestion is reviewed by its
// decision, a queue item by its own id. Both settle the same decision on the server.
import type { ReviewResult } from "../reply-engine-types";
import { trpcClient } from "../trpc";

export type ReviewTarget =
  { kind: "suggestion"; decisionId: string } | { kind: "queue"; itemId: string };

export type Review =
  { action: "approve" } | { action: "edit"; text: string } | { action: "reject"; reason: string };

export function sendReview(target: ReviewTarget, review: Review): Promise<ReviewResult> {
  if (target.kind === "suggestion") {
    const { decisionId } = target;
    switch (review.action) {
      case "approve":
        return trpcClient.suggestions.accept.mutate({ decisionId });
      case "edit":
        return trpcClient.suggestions.edit.mutate({ decisionId, text: review.text });
      case "reject":
        return trpcClient.suggestions.reject.mutate({ decisionId, reason: review.reason });
    }
  }
  const id = target.itemId;
  switch (review.action) {
    case "approve":
      return trpcClient.queue.approve.mutate({ id });
    case "edit":
      return trpcClient.queue.edit.mutate({ id, text: review.text });
    case "reject":
      return trpcClient.queue.reject.mutate({ id, reason: review.reason });
  }
}
