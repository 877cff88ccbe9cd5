// The honest state of sending, on every page: a banner when replies cannot go out (no OpenPhone key), or when
// the last sends all failed, so nobody switches automation on believing customers are being answered.
import { Alert } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "../../format-date-time";
import { trpc } from "../../trpc";

export function SendStatusBanner() {
  const status = useQuery(
    trpc.conversations.sendStatus.queryOptions(undefined, { refetchInterval: 30_000 }),
  );
  if (!status.data) return null;
  const { configured, failing, failedInARow, lastError, lastFailedAt } = status.data;
  if (!configured) {
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle />}
        title="Replies cannot be sent"
        mb="md"
        data-testid="send-status-banner"
      >
        OpenPhone is not configured (OPENPHONE_API_KEY is not set). Nothing Playbook or an operator
        sends from here reaches a customer: each reply is kept as a failed send until the key is
        set.
      </Alert>
    );
  }
  if (!failing) return null;
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle />}
      title={`The last ${failedInARow} replies could not be sent`}
      mb="md"
      data-testid="send-status-banner"
    >
      {lastError ?? "OpenPhone refused them."} Last attempt {formatDateTime(lastFailedAt)}. Check
      the OpenPhone key and business line; failed sends can be retried from their conversation.
    </Alert>
  );
}
