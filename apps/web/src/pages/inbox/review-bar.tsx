// The proposal waiting in this conversation, with its three answers: accept (a), edit (e), reject (r).
import { Alert, Paper, Stack, Text } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { describeError } from "../../describe-error";
import { QuickReject } from "../../replies/quick-reject";
import { ReviewButtons } from "../../replies/review-buttons";
import type { Proposal } from "./reply-composer";

export function ReviewBar({
  proposal,
  busy,
  error,
  rejecting,
  onAccept,
  onEdit,
  onStartReject,
  onReject,
  onCancelReject,
}: {
  proposal: Proposal;
  busy: boolean;
  error: unknown;
  rejecting: boolean;
  onAccept: () => void;
  onEdit: () => void;
  onStartReject: () => void;
  onReject: (reason: string) => void;
  onCancelReject: () => void;
}) {
  return (
    <Paper withBorder radius="md" p="sm" bg="blue.0" data-testid="review-bar">
      <Stack gap="xs">
        <Text size="sm">
          <Text span size="xs" c="dimmed">
            Playbook proposes:{" "}
          </Text>
          {proposal.text}
        </Text>
        {error ? (
          <Alert color="red" title="Not done" icon={<IconAlertCircle />}>
            {describeError(error)}
          </Alert>
        ) : null}
        {rejecting ? (
          <QuickReject busy={busy} onReject={onReject} onCancel={onCancelReject} />
        ) : (
          <ReviewButtons
            approveLabel="Accept"
            editLabel="Edit"
            busy={busy}
            approving={busy}
            showKeys
            onApprove={onAccept}
            onEdit={onEdit}
            onReject={onStartReject}
          />
        )}
      </Stack>
    </Paper>
  );
}
