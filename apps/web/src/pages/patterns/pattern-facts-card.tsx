// What a pattern answers and how it has done: trigger, keywords, confidence, counts, recent decisions.
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { formatDateTime } from "../../format-date-time";
import { formatScore } from "../../format-number";
import type { PatternDetail } from "../../reply-engine-types";
import { ConfidenceMeter } from "../../replies/confidence-meter";
import { decisionModeLabels } from "../../replies/decision-mode-badge";
import { patternTypeLabels } from "../../replies/pattern-type-labels";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function PatternFactsCard({ detail }: { detail: PatternDetail }) {
  const { pattern, recentDecisions } = detail;
  const modes = (Object.keys(recentDecisions.byMode) as (keyof typeof recentDecisions.byMode)[])
    .map((mode) => ({ mode, count: recentDecisions.byMode[mode] }))
    .filter(({ count }) => count > 0);

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Facts
        </Title>
        <Fact label="Customer asks">
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {pattern.triggerText}
          </Text>
        </Fact>
        {pattern.triggerKeywords.length > 0 && (
          <Fact label="Keywords">
            <Group gap={4}>
              {pattern.triggerKeywords.map((keyword) => (
                <Badge key={keyword} size="sm" variant="light" color="gray" tt="none">
                  {keyword}
                </Badge>
              ))}
            </Group>
          </Fact>
        )}
        <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
          <Fact label="Confidence">
            <ConfidenceMeter value={pattern.confidence} />
          </Fact>
          <Fact label="Type">{patternTypeLabels[pattern.type]}</Fact>
          <Fact label="Executions">{pattern.executionCount}</Fact>
          <Fact label="Successes / failures">
            {pattern.successCount} / {pattern.failureCount}
          </Fact>
          <Fact label="Human overrides">{pattern.overrideCount}</Fact>
          <Fact label="Quality">{formatScore(pattern.qualityScore)}</Fact>
          <Fact label="Created from">{pattern.createdFrom}</Fact>
          <Fact label="Version">{pattern.version}</Fact>
          <Fact label="First seen">{formatDateTime(pattern.firstSeenAt)}</Fact>
          <Fact label="Last used">
            {pattern.lastUsedAt ? formatDateTime(pattern.lastUsedAt) : "Never"}
          </Fact>
        </SimpleGrid>
        <Fact label={`Decisions since ${formatDateTime(recentDecisions.since)}`}>
          {modes.length === 0 ? (
            <Text size="sm" c="dimmed">
              None
            </Text>
          ) : (
            <Group gap={4}>
              {modes.map(({ mode, count }) => (
                <Badge key={mode} variant="light" color={decisionModeLabels[mode].color}>
                  {decisionModeLabels[mode].label}: {count}
                </Badge>
              ))}
            </Group>
          )}
        </Fact>
        {pattern.tags.length > 0 && (
          <Fact label="Tags">
            <Group gap={4}>
              {pattern.tags.map((tag) => (
                <Badge key={tag} size="sm" variant="outline" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          </Fact>
        )}
        {pattern.notes && <Fact label="Notes">{pattern.notes}</Fact>}
      </Stack>
    </Paper>
  );
}
