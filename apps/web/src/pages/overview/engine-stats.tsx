// The reply engine's own numbers for the last 30 days: what it decided, how much it covered, how often it was
// right, and how many patterns it has. Computed by the server from recorded decisions, never estimated.
import {
  Badge,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconChartBar } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../error-alert";
import { formatPercent } from "../../format-number";
import type { DecisionMode } from "../../reply-engine-types";
import { decisionModeLabels } from "../../replies/decision-mode-badge";
import { trpc } from "../../trpc";

const DAYS = 30;
const REFRESH_MS = 30_000;

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="xl" fw={650}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {detail}
      </Text>
    </div>
  );
}

export function EngineStats() {
  const stats = useQuery(
    trpc.stats.get.queryOptions({ days: DAYS }, { refetchInterval: REFRESH_MS }),
  );

  let body;
  if (stats.isPending) {
    body = <Skeleton h={120} radius="md" />;
  } else if (stats.isError) {
    body = <ErrorAlert title="Could not load the reply engine's numbers" error={stats.error} />;
  } else {
    const { decisions, coverage, matchRate, precision, sends, learning } = stats.data;
    const modes = Object.keys(decisions.byMode) as DecisionMode[];
    body = (
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
          <Figure
            label="Coverage"
            value={formatPercent(coverage)}
            detail="Messages with a reply proposed or sent"
          />
          <Figure
            label="Precision"
            value={formatPercent(precision.value)}
            detail={`${precision.correct} of ${precision.judged} judged were right as proposed`}
          />
          <Figure
            label="Match rate"
            value={formatPercent(matchRate)}
            detail="Messages a pattern matched at all"
          />
          <Figure
            label="Patterns"
            value={`${learning.patternsActive} / ${learning.patternsTotal}`}
            detail={`active of all; ${learning.patternsCreated} new`}
          />
          <Figure
            label="Sends"
            value={String(sends.sent)}
            detail={sends.failed > 0 ? `${sends.failed} failed` : "none failed"}
          />
        </SimpleGrid>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {decisions.total === 1 ? "1 decision:" : `${decisions.total} decisions:`}
          </Text>
          {modes.map((mode) => (
            <Badge key={mode} variant="light" color={decisionModeLabels[mode].color}>
              {decisionModeLabels[mode].label} {decisions.byMode[mode]}
            </Badge>
          ))}
        </Group>
      </Stack>
    );
  }

  return (
    <Paper withBorder radius="md" p="md" data-testid="engine-stats">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <IconChartBar size={18} />
          <Title order={2} size="h4">
            Reply engine, last {DAYS} days
          </Title>
        </Group>
        {stats.isFetching && !stats.isPending && <Loader size="xs" />}
      </Group>
      {body}
    </Paper>
  );
}
