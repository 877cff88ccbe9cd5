// One pattern's performance over the last 30 local days: uses, precision and operator time saved, counted as the
// Overview's top-patterns table counts them.
import { Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../error-alert";
import { formatPercent } from "../../format-number";
import { localRange } from "../../local-range";
import { trpc } from "../../trpc";

const DAYS = 30;

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}

export function PatternPerformance({ patternId }: { patternId: string }) {
  const settings = useQuery(trpc.config.get.queryOptions());
  const range = settings.data ? localRange(DAYS, settings.data.timezone) : null;
  const figures = useQuery(
    trpc.stats.topPatterns.queryOptions(
      { from: range?.from ?? "", to: range?.to ?? "", patternId, limit: 1 },
      { enabled: range !== null },
    ),
  );
  const error = settings.error ?? figures.error;
  let body;
  if (error) {
    body = <ErrorAlert title="Could not load the pattern's performance" error={error} />;
  } else if (!figures.data) {
    body = <Skeleton h={48} />;
  } else {
    const p = figures.data.patterns[0];
    body = (
      <SimpleGrid cols={3}>
        <Figure label="Uses" value={String(p?.uses ?? 0)} />
        <Figure
          label="Precision"
          value={
            p
              ? `${formatPercent(p.precision.value)} (${p.precision.right}/${p.precision.judged})`
              : "—"
          }
        />
        <Figure
          label="Time saved"
          value={`${Math.round((p?.timeSavedMinutes ?? 0) * 10) / 10} min`}
        />
      </SimpleGrid>
    );
  }
  return (
    <Paper withBorder radius="md" p="md" data-testid="pattern-performance">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Last {DAYS} days
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}
