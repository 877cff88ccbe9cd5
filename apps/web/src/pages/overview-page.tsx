// Home: what this Playbook runs on, whether automation may act, the reply engine's numbers, and what the
// worker has been doing.
import {
  Badge,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconActivity, IconDatabase, IconEye, IconRobot } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { formatDateTime, formatDuration } from "../format-date-time";
import { PageHeader } from "../page-header";
import { trpc } from "../trpc";
import { ErrorAlert } from "../error-alert";
import { EngineStats } from "./overview/engine-stats";

const jobStatusColors = { running: "blue", succeeded: "green", failed: "red" } as const;

function StatusCard({
  icon,
  label,
  badge,
  explanation,
}: {
  icon: ReactNode;
  label: string;
  badge: ReactNode;
  explanation: string;
}) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          {badge}
          <Text size="xs" c="dimmed">
            {explanation}
          </Text>
        </Stack>
        <ThemeIcon variant="light" size="lg" radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}

function SystemStatus() {
  const info = useQuery(trpc.system.info.queryOptions());

  if (info.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Skeleton h={112} radius="md" />
        <Skeleton h={112} radius="md" />
        <Skeleton h={112} radius="md" />
      </SimpleGrid>
    );
  }
  if (info.isError) {
    return <ErrorAlert title="Could not load the system status" error={info.error} />;
  }

  const { database, automation } = info.data;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <StatusCard
        icon={<IconDatabase size={20} />}
        label="Database"
        badge={
          <Badge size="lg" variant="light" color={database === "postgres" ? "indigo" : "cyan"}>
            {database === "postgres" ? "PostgreSQL" : "PGlite"}
          </Badge>
        }
        explanation={
          database === "postgres"
            ? "PostgreSQL server from DATABASE_URL."
            : "Embedded PostgreSQL stored in the local data folder."
        }
      />
      <StatusCard
        icon={<IconRobot size={20} />}
        label="Automation"
        badge={
          <Badge size="lg" variant="light" color={automation.enabled ? "green" : "gray"}>
            {automation.enabled ? "Enabled" : "Disabled"}
          </Badge>
        }
        explanation={
          automation.enabled
            ? "Replies may be sent automatically where every gate passes."
            : "Nothing is sent automatically."
        }
      />
      <StatusCard
        icon={<IconEye size={20} />}
        label="Shadow mode"
        badge={
          <Badge size="lg" variant="light" color={automation.shadowMode ? "violet" : "orange"}>
            {automation.shadowMode ? "On" : "Off"}
          </Badge>
        }
        explanation={
          automation.shadowMode
            ? "Decisions are recorded, not acted on."
            : "Decisions take effect: auto, suggest or queue."
        }
      />
    </SimpleGrid>
  );
}

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

export function OverviewPage() {
  const info = useQuery(trpc.system.info.queryOptions());
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          info.data ? `Playbook ${info.data.version}` : "The state of this Playbook at a glance."
        }
      />
      <Stack gap="lg">
        <SystemStatus />
        <EngineStats />
        <RecentJobRuns />
      </Stack>
    </>
  );
}
