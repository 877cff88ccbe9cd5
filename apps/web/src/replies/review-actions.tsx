// Approve, edit & send, or reject (with a quick reason) one proposed reply. The parent shows the result, because
// the item usually leaves the list once it is settled.
import { Alert, Button, Group, Stack, Textarea } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../describe-error";
import { describeReviewResult, type ReviewSummary } from "./describe-review-result";
import { QuickReject } from "./quick-reject";
import { ReviewButtons } from "./review-buttons";
import { refreshReplyQueries } from "./refresh-reply-queries";
import { sendReview, type Review, type ReviewTarget } from "./send-review";

const MAX_REPLY_LENGTH = 1600;

export function ReviewActions({
  target,
  proposedReply,
  approveLabel = "Approve",
  onReviewed,
}: {
  target: ReviewTarget;
  proposedReply: string;
  approveLabel?: string;
  onReviewed: (summary: ReviewSummary) => void;
}) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"choose" | "edit" | "reject">("choose");
  const [text, setText] = useState(proposedReply);
  const review = useMutation({
    mutationFn: (request: Review) => sendReview(target, request),
    onSuccess: async (result, request) => {
      onReviewed(describeReviewResult(request, result));
      setMode("choose");
      await refreshReplyQueries(queryClient);
    },
  });

  function submitEdit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim() !== "") review.mutate({ action: "edit", text: text.trim() });
  }

  const pendingAction = review.isPending ? review.variables.action : null;

  return (
    <Stack gap="xs">
      {review.error && (
        <Alert color="red" title="Not done" icon={<IconAlertCircle />}>
          {describeError(review.error)}
        </Alert>
      )}
      {mode === "choose" && (
        <ReviewButtons
          approveLabel={approveLabel}
          editLabel="Edit & send"
          busy={review.isPending}
          approving={pendingAction === "approve"}
          onApprove={() => review.mutate({ action: "approve" })}
          onEdit={() => setMode("edit")}
          onReject={() => setMode("reject")}
        />
      )}
      {mode === "edit" && (
        <form onSubmit={submitEdit}>
          <Stack gap="xs">
            <Textarea
              label="Reply to send"
              autosize
              minRows={2}
              maxLength={MAX_REPLY_LENGTH}
              data-autofocus
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
            />
            <Group gap="xs">
              <Button
                type="submit"
                size="xs"
                loading={pendingAction === "edit"}
                disabled={text.trim() === ""}
              >
                Send edited reply
              </Button>
              <Button size="xs" variant="default" onClick={() => setMode("choose")}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {mode === "reject" && (
        <QuickReject
          busy={review.isPending}
          onReject={(reason) => review.mutate({ action: "reject", reason })}
          onCancel={() => setMode("choose")}
        />
      )}
    </Stack>
  );
}
