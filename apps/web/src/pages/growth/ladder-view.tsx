// The ladder: each transition of the current refresh with its contractors, movers, median months with interval,
// and its survival curve. A transition opens its drivers.
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { formatDateTime } from "../../format-date-time";
import { formatPercent, formatScore } from "../../format-number";
import { trpc } from "../../trpc";
import { QueryState } from "./growth-loading";
import {
  formatMonths,
  growthPath,
  transitionTimeline,
  type GrowthTransition,
} from "./growth-types";
import { SurvivalChart } from "./survival-chart";

function TransitionCard({ transition }: { transition: GrowthTransition }) {
  const timeline = transitionTimeline(transition);
  const twelve = timeline?.movedWithin.find((m) => m.months === 12);
  return (
    <Paper withBorder radius="md" p="md" data-testid="growth-transition">
      <Stack gap="xs">
        <Group justify="space-between">
          <Anchor component={Link} to={growthPath.transition(transition.fromTier)} fw={600}>
            {transition.fromTier} → {transition.toTier}
          </Anchor>
          <Badge variant="light">evidence {formatScore(transition.evidenceConfidence)}</Badge>
        </Group>
        <Text size="sm">
          {transition.contractors ?? "fewer than 5"} contractors,{" "}
          {transition.movers ?? "fewer than 5"} moved up
        </Text>
        <Text size="sm">
          Median time:{" "}
          {formatMonths(
            timeline?.median.months,
            timeline?.median.lower ?? null,
            timeline?.median.upper ?? null,
          )}
          {twelve && <> · {formatPercent(twelve.share)} within 12 months</>}
        </Text>
        <SurvivalChart timeline={timeline} />
      </Stack>
    </Paper>
  );
}

export function LadderView() {
  const ladder = useQuery(trpc.growth.ladder.queryOptions());
  return (
    <QueryState query={ladder} what="the ladder">
      {(data) => (
        <Stack gap="md">
          <Group gap="xs">
            <Title order={2} size="h4">
              Tiers
            </Title>
            {data.ladder.map((tier) => (
              <Badge key={tier.label} variant="outline">
                {tier.label} from {tier.minRevenue.toLocaleString()}
              </Badge>
            ))}
          </Group>
          {data.refresh ? (
            <Text size="sm" c="dimmed">
              Patterns of the refresh finished {formatDateTime(data.refresh.finishedAt)}.
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              No refresh yet: import contractor data, then refresh the patterns.
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {data.transitions.map((t) => (
              <TransitionCard key={t.tierIndex} transition={t} />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </QueryState>
  );
}
