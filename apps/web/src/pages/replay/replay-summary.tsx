// What a finished replay found: decisions and how right they were per level, what was out of scope, the time it
// would have saved, and the patterns that saved most.
import { Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { formatPercent } from "../../format-number";
import { decisionModeLabels } from "../../replies/decision-mode-badge";
import type { ReplaySummaryView } from "./replay-types";

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function LevelsTable({ summary }: { summary: ReplaySummaryView }) {
  return (
    <Table verticalSpacing={4} aria-label="Decisions per level" data-testid="replay-levels">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Level</Table.Th>
          <Table.Th ta="right">Messages</Table.Th>
          <Table.Th ta="right">Coverage</Table.Th>
          <Table.Th ta="right">Precision</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {summary.levels.map((level) => (
          <Table.Tr key={level.decision}>
            <Table.Td>{decisionModeLabels[level.decision].label}</Table.Td>
            <Table.Td ta="right">{level.count.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{formatPercent(level.coverage)}</Table.Td>
            <Table.Td ta="right">{formatPercent(level.precision)}</Table.Td>
          </Table.Tr>
        ))}
        {summary.cumulative.map((step) => (
          <Table.Tr key={step.levels.join("+")}>
            <Table.Td c="dimmed">
              {step.levels.map((l) => decisionModeLabels[l].label).join(" + ")}
            </Table.Td>
            <Table.Td ta="right">{step.count.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{formatPercent(step.coverage)}</Table.Td>
            <Table.Td ta="right">{formatPercent(step.precision)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Questions Playbook did not know or handed to a person: never answered automatically. */
export function OutOfScope({ summary }: { summary: ReplaySummaryView }) {
  const share = (n: number) => (summary.answered === 0 ? null : n / summary.answered);
  const none = summary.decisions.none;
  const escalated = summary.decisions.escalate;
  return (
    <Stack gap={4} data-testid="replay-out-of-scope">
      <Text size="sm">
        <strong>{none.toLocaleString()}</strong> ({formatPercent(share(none))}) matched no pattern
        well enough and were left to a person.
      </Text>
      <Text size="sm">
        <strong>{escalated.toLocaleString()}</strong> ({formatPercent(share(escalated))}) were
        escalated to a person.
      </Text>
      <Text size="sm">
        Automatic replies: <strong>{summary.wouldBeAutomations.count.toLocaleString()}</strong>, of
        which {summary.wouldBeAutomations.wrong.toLocaleString()} would have been wrong.
      </Text>
    </Stack>
  );
}

export function TimeSaved({ summary }: { summary: ReplaySummaryView }) {
  return (
    <Stack gap={2} data-testid="replay-time-saved">
      <Text size="xl" fw={700}>
        {summary.timeSaved.hours.toLocaleString()} h
      </Text>
      <Text size="xs" c="dimmed">
        {summary.timeSaved.minutes.toLocaleString()} operator minutes, counting{" "}
        {summary.timeSaved.minutesPerReply} min per reply and {summary.timeSaved.reviewMinutes} min
        to review a ready one; {summary.answered.toLocaleString()} answered customer messages.
      </Text>
    </Stack>
  );
}

function TopPatterns({ summary }: { summary: ReplaySummaryView }) {
  if (summary.topPatterns.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No pattern saved any time.
      </Text>
    );
  }
  return (
    <Table verticalSpacing={4} aria-label="Top patterns by time saved">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Pattern</Table.Th>
          <Table.Th ta="right">Auto (right)</Table.Th>
          <Table.Th ta="right">Ready replies</Table.Th>
          <Table.Th ta="right">Minutes saved</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {summary.topPatterns.map((p) => (
          <Table.Tr key={p.patternId}>
            <Table.Td maw={360}>
              <Text size="sm" truncate>
                {p.triggerText ?? p.patternId}
              </Text>
            </Table.Td>
            <Table.Td ta="right">
              {p.autos} ({p.correctAutos})
            </Table.Td>
            <Table.Td ta="right">{p.readyReplies}</Table.Td>
            <Table.Td ta="right">{p.minutesSaved.toLocaleString()}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function ReplaySummaryCards({ summary }: { summary: ReplaySummaryView }) {
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card title="Decisions per level">
          <LevelsTable summary={summary} />
        </Card>
        <Card title="Out of scope">
          <OutOfScope summary={summary} />
        </Card>
        <Card title="Time saved">
          <TimeSaved summary={summary} />
        </Card>
      </SimpleGrid>
      <Card title="Top patterns by time saved">
        <TopPatterns summary={summary} />
      </Card>
    </Stack>
  );
}
