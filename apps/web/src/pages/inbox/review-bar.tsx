// The proposal waiting in this conversation, with its three answers: accept (a), edit (e), reject (r).
import { Alert, Button, Group, Kbd, Paper, Stack, Text } from "@mantine/core";
import { IconAlertCircle, IconCheck, IconPencil, IconX } from "@tabler/icons-react";
import { describeError } from "../../describe-error";
import { QuickReject } from "../../replies/quick-reject";
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
          <Group gap="xs">
            <Button
              size="xs"
              leftSection={<IconCheck size={14} />}
              rightSection={<Kbd size="xs">a</Kbd>}
              loading={busy}
              onClick={onAccept}
            >
              Accept
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} />}
              rightSection={<Kbd size="xs">e</Kbd>}
              disabled={busy}
              onClick={onEdit}
            >
              Edit
            </Button>
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconX size={14} />}
              rightSection={<Kbd size="xs">r</Kbd>}
              disabled={busy}
              onClick={onStartReject}
            >
              Reject
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
