// The customer's message a queued reply answers, read from its conversation (a queue item only holds ids).
import { Anchor, Group, Skeleton, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { CustomerBadges } from "../../replies/customer-badges";
import { trpc } from "../../trpc";

export function QueuedCustomerMessage({
  conversationId,
  messageId,
}: {
  conversationId: string;
  messageId: string;
}) {
  const conversation = useQuery(trpc.conversations.get.queryOptions({ id: conversationId }));

  if (conversation.isPending) return <Skeleton h={44} radius="md" />;
  if (conversation.isError) {
    return <ErrorAlert title="Could not load the customer's message" error={conversation.error} />;
  }
  const { customer, messages } = conversation.data;
  const message = messages.find((candidate) => candidate.id === messageId);
  return (
    <div>
      <Group gap="xs" mb={4}>
        <Text size="xs" c="dimmed">
          {customer.name ? `${customer.name} · ${customer.phone}` : customer.phone} wrote:
        </Text>
        <CustomerBadges isVip={customer.isVip} optedOut={customer.optedOut} />
        <Anchor component={Link} to={`/inbox/${conversationId}`} size="xs">
          Open conversation
        </Anchor>
      </Group>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {message?.body ?? "(the message is no longer stored)"}
      </Text>
    </div>
  );
}
