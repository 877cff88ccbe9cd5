// The approval queue: replies a pattern proposed that a person must approve, edit or reject before they go out.
import { Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ErrorAlert } from "../error-alert";
import { PageHeader } from "../page-header";
import type { ReviewSummary } from "../replies/describe-review-result";
import { ReviewResultAlert } from "../replies/review-result-alert";
import { canOperate, useCurrentUser } from "../session";
import { usePollingFallback } from "../live/live-connection";
import { trpc } from "../trpc";
import { QueueItemCard } from "./queue/queue-item-card";

const REFRESH_MS = 10_000;
// The last few results stay on screen; older ones have been read or are in the conversation itself.
const RESULTS_KEPT = 5;

interface ShownResult {
  key: number;
  summary: ReviewSummary;
}

export function QueuePage() {
  const user = useCurrentUser();
  const [results, setResults] = useState<ShownResult[]>([]);
  const nextResultKey = useRef(0);
  const refreshMs = usePollingFallback(REFRESH_MS);
  const queue = useQuery(trpc.queue.list.queryOptions({}, { refetchInterval: refreshMs }));

  function showResult(summary: ReviewSummary) {
    nextResultKey.current += 1;
    const key = nextResultKey.current;
    setResults((shown) => [{ key, summary }, ...shown].slice(0, RESULTS_KEPT));
  }

  let body;
  if (queue.isPending) {
    body = (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  } else if (queue.isError) {
    body = <ErrorAlert title="Could not load the queue" error={queue.error} />;
  } else if (queue.data.length === 0) {
    body = (
      <Paper withBorder p="xl" radius="md">
        <Text c="dimmed" size="sm" ta="center">
          Nothing is waiting for approval.
        </Text>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="md">
        {queue.data.map((item) => (
          <QueueItemCard
            key={item.id}
            item={item}
            canAct={canOperate(user)}
            onReviewed={showResult}
          />
        ))}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Queue"
        description={
          queue.data
            ? `${queue.data.length === 1 ? "1 reply" : `${queue.data.length} replies`} waiting for approval, oldest first.`
            : "Replies waiting for a person's approval, oldest first."
        }
      />
      <Stack gap="md">
        {results.map(({ key, summary }) => (
          <ReviewResultAlert
            key={key}
            summary={summary}
            onClose={() => setResults((shown) => shown.filter((result) => result.key !== key))}
          />
        ))}
        {body}
      </Stack>
    </>
  );
}
