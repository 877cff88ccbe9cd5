// Two finished replays side by side: the same figures for each, to see what changed between them.
import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { formatDateTime } from "../../format-date-time";
import { trpc } from "../../trpc";
import { LevelsTable, OutOfScope, TimeSaved } from "./replay-summary";

export function ReplayCompare({ ids, onClose }: { ids: [string, string]; onClose: () => void }) {
  const runs = useQueries({ queries: ids.map((id) => trpc.replays.get.queryOptions({ id })) });
  return (
    <Paper withBorder p="md" radius="md" data-testid="replay-compare">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Comparison
        </Title>
        <Button variant="default" size="xs" onClick={onClose}>
          Close
        </Button>
      </Group>
      <SimpleGrid cols={2}>
        {runs.map((run, i) => (
          <Stack key={ids[i]} gap="sm">
            {run.data?.summary ? (
              <>
                <Text fw={600}>
                  {run.data.fileName} ({run.data.policy}) · {formatDateTime(run.data.createdAt)}
                </Text>
                <LevelsTable summary={run.data.summary} />
                <OutOfScope summary={run.data.summary} />
                <TimeSaved summary={run.data.summary} />
              </>
            ) : (
              <Text c="dimmed">Loading…</Text>
            )}
          </Stack>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
