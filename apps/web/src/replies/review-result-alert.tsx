// The outcome of an operator's review, kept on screen until dismissed: a failed send must not flash by.
import { Alert } from "@mantine/core";
import { IconAlertCircle, IconCircleCheck, IconInfoCircle } from "@tabler/icons-react";
import type { ReviewSummary } from "./describe-review-result";

export function ReviewResultAlert({
  summary,
  onClose,
}: {
  summary: ReviewSummary;
  onClose: () => void;
}) {
  const icon =
    summary.color === "green" ? (
      <IconCircleCheck />
    ) : summary.color === "red" ? (
      <IconAlertCircle />
    ) : (
      <IconInfoCircle />
    );
  return (
    <Alert
      color={summary.color}
      title={summary.title}
      icon={icon}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      role={summary.ok ? "status" : "alert"}
    >
      {summary.message || null}
    </Alert>
  );
}
