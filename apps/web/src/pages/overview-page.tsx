// Home: the engine's performance over time and the patterns that save the most time, the worker's suggestions,
// then what this Playbook runs on and whether automation may act. The worker's job runs are on the Status page.
import { Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconDatabase, IconEye, IconRobot } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { PageHeader } from "../page-header";
import { trpc } from "../trpc";
import { ErrorAlert } from "../error-alert";
import { EngineStats } from "./overview/engine-stats";
import { PerformanceOverTime } from "./overview/performance-over-time";
import { SmartSuggestionsCard } from "./smart-suggestions/smart-suggestions-card";
import { SatisfactionOverTime } from "./overview/satisfaction-over-time";

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
        <PerformanceOverTime />
        <SmartSuggestionsCard />
        <SatisfactionOverTime />
        <SystemStatus />
        <EngineStats />
      </Stack>
    </>
  );
}
