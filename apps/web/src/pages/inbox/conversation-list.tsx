// The inbox's list of conversations for the chosen filter, newest activity first, refreshed while open.
import { Badge, Button, Group, Loader, NavLink, Paper, Stack, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { CustomerBadges } from "../../replies/customer-badges";
import { usePollingFallback } from "../../live/live-connection";
import { trpc } from "../../trpc";
import { toConversationQuery, type InboxFilter } from "./conversation-filters";

const PAGE_SIZE = 30;
const REFRESH_MS = 10_000;

export function ConversationList({
  filter,
  search,
  selectedId,
}: {
  filter: InboxFilter;
  /** The inbox's query string, kept on the links so the filter stays when a conversation opens. */
  search: string;
  selectedId: string | undefined;
}) {
  const refreshMs = usePollingFallback(REFRESH_MS);
  const list = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(
      { ...toConversationQuery(filter), limit: PAGE_SIZE },
      { getNextPageParam: (lastPage) => lastPage.nextCursor, refetchInterval: refreshMs },
    ),
  );

  if (list.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (list.isError) {
    return <ErrorAlert title="Could not load the conversations" error={list.error} />;
  }
  const rows = list.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) {
    return (
      <Paper withBorder p="lg" radius="md">
        <Text c="dimmed" size="sm" ta="center">
          {filter.view === "awaiting"
            ? "Nothing is waiting for an operator."
            : "No conversations match this filter."}
        </Text>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md" p={4}>
      <Stack gap={2} aria-label="Conversations">
        {rows.map(({ conversation, customer, awaitingReview, pendingQueueItems }) => (
          <NavLink
            key={conversation.id}
            component={Link}
            to={`/inbox/${conversation.id}${search}`}
            active={conversation.id === selectedId}
            styles={{ root: { borderRadius: "var(--mantine-radius-md)" } }}
            label={
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={500} truncate>
                  {customer.name ?? customer.phone}
                </Text>
                <CustomerBadges isVip={customer.isVip} optedOut={customer.optedOut} />
              </Group>
            }
            description={
              <>
                {customer.name && `${customer.phone} · `}
                {formatDateTime(conversation.lastMessageAt)}
              </>
            }
            rightSection={
              <Group gap={4} wrap="nowrap">
                {awaitingReview && (
                  <Badge size="xs" color="yellow" variant="filled">
                    {pendingQueueItems > 0 ? `${pendingQueueItems} queued` : "Review"}
                  </Badge>
                )}
                {conversation.escalatedAt && (
                  <Badge size="xs" color="red" variant="light">
                    Escalated
                  </Badge>
                )}
                {conversation.status === "closed" && (
                  <Badge size="xs" color="gray" variant="light">
                    Closed
                  </Badge>
                )}
              </Group>
            }
          />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Group justify="center" p="xs">
          <Button
            size="xs"
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
    </Paper>
  );
}
