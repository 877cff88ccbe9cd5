// The navigation's count of conversations that need a person; red while any is escalated.
import { Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { usePollingFallback } from "../../live/live-connection";
import { trpc } from "../../trpc";

export function InboxCountBadge() {
  const refreshMs = usePollingFallback(15_000);
  const counts = useQuery(
    trpc.conversations.workQueueCounts.queryOptions(undefined, { refetchInterval: refreshMs }),
  );
  if (!counts.data || counts.data.total === 0) return null;
  return (
    <Badge
      size="sm"
      circle={counts.data.total < 10}
      color={counts.data.escalation > 0 ? "red" : "blue"}
      aria-label={`${counts.data.total} conversations need a person`}
      data-testid="inbox-count"
    >
      {counts.data.total}
    </Badge>
  );
}
