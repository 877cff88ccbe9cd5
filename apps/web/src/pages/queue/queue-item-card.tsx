// One reply waiting for approval: the customer's message, the proposed reply, and the review actions.
import { Anchor, Group, Paper, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDateTime } from "../../format-date-time";
import type { QueueItem } from "../../reply-engine-types";
import type { ReviewSummary } from "../../replies/describe-review-result";
import { ReviewActions } from "../../replies/review-actions";
import { QueuedCustomerMessage } from "./queued-customer-message";

export function QueueItemCard({
  item,
  canAct,
  onReviewed,
}: {
  item: QueueItem;
  canAct: boolean;
  onReviewed: (summary: ReviewSummary) => void;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid="queue-item">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            Queued {formatDateTime(item.createdAt)} · expires {formatDateTime(item.expiresAt)}
          </Text>
          {item.patternId && (
            <Anchor component={Link} to={`/patterns/${item.patternId}`} size="xs">
              Pattern
            </Anchor>
          )}
        </Group>
        <QueuedCustomerMessage conversationId={item.conversationId} messageId={item.messageId} />
        <Paper bg="indigo.0" radius="md" px="md" py="xs">
          <Text size="xs" c="dimmed" mb={2}>
            Proposed reply
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {item.proposedReply}
          </Text>
        </Paper>
        {canAct ? (
          <ReviewActions
            target={{ kind: "queue", itemId: item.id }}
            proposedReply={item.proposedReply}
            onReviewed={onReviewed}
          />
        ) : (
          <Text size="xs" c="dimmed">
            Operators and admins approve or reject queued replies.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
