// Status: what the worker has been doing, its scheduled job runs, newest first.
import { Badge, Group, Loader, Paper, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconActivity } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorAlert } from "../error-alert";
import { formatDateTime, formatDuration } from "../format-date-time";
import { PageHeader } from "../page-header";
import { trpc } from "../trpc";

const jobStatusColors = { running: "blue", succeeded: "green", failed: "red" } as const;

function RecentJobRuns() {
  const runs = useQuery(trpc.jobs.recent.queryOptions(undefined, { refetchInterval: 15_000 }));

  let body: ReactNode;
  if (runs.isPending) {
    body = (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  } else if (runs.isError) {
    body = <ErrorAlert title="Could not load the job runs" error={runs.error} m="md" />;
  } else if (runs.data.length === 0) {
    body = (
      <Text c="dimmed" size="sm" p="xl" ta="center">
        No job runs recorded yet. The worker records each scheduled run here: confidence decay, A/B
        test evaluation, cohort refresh and conversation timeouts.
      </Text>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Duration</Table.Th>
              <Table.Th>Worker</Table.Th>
              <Table.Th>Error</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data.map((run) => (
              <Table.Tr key={run.id}>
                <Table.Td>
                  <Text size="sm" fw={500} ff="monospace">
                    {run.jobName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={jobStatusColors[run.status]}>
                    {run.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(run.startedAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDuration(run.startedAt, run.finishedAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" ff="monospace">
                    {run.workerId}
                  </Text>
                </Table.Td>
                <Table.Td maw={280}>
                  {run.error ? (
                    <Tooltip label={run.error} multiline w={360}>
                      <Text size="sm" c="red" truncate>
                        {run.error}
                      </Text>
                    </Tooltip>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Paper withBorder radius="md">
      <Group justify="space-between" px="md" py="sm">
        <Group gap="xs">
          <IconActivity size={18} />
          <Title order={2} size="h4">
            Recent worker job runs
          </Title>
        </Group>
        {runs.isFetching && !runs.isPending && <Loader size="xs" />}
      </Group>
      {body}
    </Paper>
  );
}

export function StatusPage() {
  return (
    <>
      <PageHeader title="Status" description="The worker's scheduled job runs." />
      <RecentJobRuns />
    </>
  );
}
