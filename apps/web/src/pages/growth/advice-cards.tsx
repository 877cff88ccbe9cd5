// The parts of a contractor's advice besides goals: the cohorts they match with the reasons, their timeline, and
// partner and content recommendations with the evidence sentence.
import { Badge, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { formatPercent, formatScore } from "../../format-number";
import type { ContractorAdvice, GrowthRecommendation } from "./growth-types";

export function MatchesCard({ matches }: { matches: ContractorAdvice["matches"] }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="xs">
        Matches
      </Title>
      {matches.length === 0 ? (
        <Text size="sm" c="dimmed">
          No transition cohort fits well enough (a match needs 0.30).
        </Text>
      ) : (
        <Stack gap="xs">
          {matches.map((m) => (
            <Group
              key={m.tierIndex}
              justify="space-between"
              wrap="nowrap"
              data-testid="growth-match"
            >
              <Text size="sm">
                <b>
                  {m.fromTier} → {m.toTier}
                </b>
                : {m.reasons}
              </Text>
              <Badge variant="light" style={{ flexShrink: 0 }}>
                {formatScore(m.score)}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

export function TimelineCard({ timeline }: { timeline: ContractorAdvice["timeline"] }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="xs">
        Timeline
      </Title>
      {timeline ? (
        <Stack gap={4}>
          <Text size="sm" data-testid="growth-timeline">
            {timeline.sentence}
          </Text>
          <Text size="sm" c="dimmed">
            Chance of moving up within 12 months: {formatPercent(timeline.withinTwelveMonths)}
            {timeline.monthsInTier !== null &&
              ` (already ${timeline.monthsInTier.toFixed(1)} months in ${timeline.fromTier})`}
            .
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          No timeline: the contractor's tier is unknown or no refresh has run.
        </Text>
      )}
    </Paper>
  );
}

function RecommendationList({ items }: { items: GrowthRecommendation[] }) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing that at least 5 contractors stand behind.
      </Text>
    );
  }
  return (
    <List spacing="xs" size="sm">
      {items.map((r) => (
        <List.Item key={`${r.kind}:${r.name}`}>
          <b>{r.name}</b> ({r.kind}
          {r.poorOutcomes ? ", poor outcomes so far" : ""}): {r.sentence}
        </List.Item>
      ))}
    </List>
  );
}

export function RecommendationsCard({
  recommendations,
}: {
  recommendations: ContractorAdvice["recommendations"];
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="xs">
        Partners
      </Title>
      <RecommendationList items={recommendations.partners} />
      <Title order={3} size="h5" my="xs">
        Books, podcasts and events
      </Title>
      <RecommendationList items={recommendations.content} />
    </Paper>
  );
}
