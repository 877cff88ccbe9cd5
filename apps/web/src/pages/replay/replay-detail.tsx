// One replay: where it is (with cancel while it runs), and once done its summary, curve and messages.
import { Alert, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime, formatDuration } from "../../format-date-time";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import { ReplayCurve } from "./replay-curve";
import { ReplayResults } from "./replay-results";
import { ReplaySummaryCards } from "./replay-summary";
import {
  isReplayRunning,
  replayFraction,
  replayPhaseLabels,
  replayStatusLabels,
} from "./replay-types";

const POLL_MS = 1_000;

export function ReplayDetail({ runId }: { runId: string }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const run = useQuery(
    trpc.replays.get.queryOptions(
      { id: runId },
      {
        refetchInterval: (query) =>
          query.state.data && isReplayRunning(query.state.data) ? POLL_MS : false,
      },
    ),
  );
  const cancel = useMutation(
    trpc.replays.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() }),
    }),
  );
  if (run.isPending) return null;
  if (run.isError) return <ErrorAlert title="Could not load the replay" error={run.error} />;
  const detail = run.data;
  const status = replayStatusLabels[detail.status];
  const running = isReplayRunning(detail);
  const fraction = replayFraction(detail);

  return (
    <Stack gap="md" data-testid="replay-detail">
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={2} size="h4">
                {detail.fileName}
              </Title>
              <Badge variant="light" color={status.color} data-testid="replay-status">
                {status.label}
              </Badge>
              <Text size="sm" c="dimmed">
                {detail.policy === "what-if" ? "What-if" : "Real state and settings"} · started{" "}
                {formatDateTime(detail.createdAt)}
                {detail.createdBy && ` by ${detail.createdBy.name}`}
                {detail.finishedAt &&
                  ` · took ${formatDuration(detail.startedAt ?? detail.createdAt, detail.finishedAt)}`}
              </Text>
            </Group>
            {running && isAdmin(user) && (
              <Button
                color="red"
                variant="light"
                loading={cancel.isPending}
                onClick={() => cancel.mutate({ id: detail.id })}
              >
                Cancel
              </Button>
            )}
          </Group>
          {running && (
            <>
              <Progress
                value={fraction === null ? 100 : fraction * 100}
                striped
                animated
                aria-label="Replay progress"
              />
              <Text size="xs" c="dimmed">
                {replayPhaseLabels[detail.phase ?? ""] ?? "Waiting to start"}
                {detail.progressTotal > 0 &&
                  `: ${detail.progressDone.toLocaleString()} of ${detail.progressTotal.toLocaleString()}`}
              </Text>
            </>
          )}
          {detail.error && (
            <Alert color="red" icon={<IconAlertCircle />} title="The replay stopped">
              {detail.error}
            </Alert>
          )}
          {detail.summary && (
            <Text size="sm" c="dimmed">
              {detail.summary.rowsRead.toLocaleString()} rows read,{" "}
              {detail.summary.rowsRejected.toLocaleString()} rejected,{" "}
              {detail.summary.customerMessages.toLocaleString()} customer messages,{" "}
              {Math.round(detail.summary.messagesPerSecond).toLocaleString()} messages/s.
            </Text>
          )}
        </Stack>
      </Paper>
      {detail.status === "done" && detail.summary && (
        <>
          <ReplaySummaryCards summary={detail.summary} />
          <ReplayCurve runId={detail.id} curve={detail.curve} />
          <ReplayResults runId={detail.id} />
        </>
      )}
    </Stack>
  );
}
