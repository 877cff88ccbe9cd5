// How a pattern's confidence moved: a chart over time, and (collapsed) each review, decay step or manual change,
// newest first, with its note.
import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import { Button, Collapse, Group, Paper, Stack, Text, Timeline, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from "@tabler/icons-react";
import { formatDateTime } from "../../format-date-time";
import { formatDelta, formatScore } from "../../format-number";
import type { ConfidenceEvent } from "../../reply-engine-types";

const reasonLabels: Record<ConfidenceEvent["reason"], string> = {
  approved: "Approved by an operator",
  modified: "Edited by an operator",
  rejected: "Rejected by an operator",
  operator_agreed: "An operator answered the same way",
  operator_disagreed: "An operator answered differently",
  decay: "Unused: decayed",
  manual_adjustment: "Set by an admin",
  import: "Imported",
};

/** The confidence after each change, oldest first, starting from where the first change began. */
function ConfidenceChart({ events }: { events: ConfidenceEvent[] }) {
  const oldestFirst = [...events].reverse();
  const first = oldestFirst[0]!;
  const data = [
    { at: "start", confidence: first.oldConfidence },
    ...oldestFirst.map((e) => ({ at: formatDateTime(e.createdAt), confidence: e.newConfidence })),
  ];
  return (
    <LineChart
      h={180}
      data={data}
      dataKey="at"
      curveType="stepAfter"
      withDots={data.length <= 60}
      yAxisProps={{ domain: [0, 1] }}
      xAxisProps={{ tick: false }}
      valueFormatter={(value) => formatScore(value)}
      series={[{ name: "confidence", label: "Confidence", color: "blue.6" }]}
      aria-label="Confidence over time"
      data-testid="confidence-chart"
    />
  );
}

export function ConfidenceHistory({ events }: { events: ConfidenceEvent[] }) {
  const [open, { toggle }] = useDisclosure(false);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5">
            Confidence history
          </Title>
          {events.length > 0 && (
            <Button variant="subtle" size="xs" onClick={toggle} aria-expanded={open}>
              {open
                ? "Hide the changes"
                : events.length === 1
                  ? "Show the change"
                  : `Show all ${events.length} changes`}
            </Button>
          )}
        </Group>
        {events.length === 0 ? (
          <Text size="sm" c="dimmed">
            No changes yet. Each operator review moves the confidence.
          </Text>
        ) : (
          <>
            <ConfidenceChart events={events} />
            <Collapse expanded={open}>
              <Timeline bulletSize={20} lineWidth={2}>
                {events.map((event) => {
                  const up = event.newConfidence > event.oldConfidence;
                  const down = event.newConfidence < event.oldConfidence;
                  const Icon = up ? IconArrowUpRight : down ? IconArrowDownRight : IconMinus;
                  return (
                    <Timeline.Item
                      key={event.id}
                      color={up ? "green" : down ? "red" : "gray"}
                      bullet={<Icon size={12} />}
                      title={
                        <Text size="sm" fw={500}>
                          {formatScore(event.oldConfidence)} → {formatScore(event.newConfidence)}{" "}
                          <Text span size="xs" c="dimmed">
                            ({formatDelta(event.oldConfidence, event.newConfidence)})
                          </Text>
                        </Text>
                      }
                    >
                      <Text size="xs">{reasonLabels[event.reason]}</Text>
                      {event.note && (
                        <Text size="xs" c="dimmed">
                          {event.note}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {formatDateTime(event.createdAt)}
                      </Text>
                    </Timeline.Item>
                  );
                })}
              </Timeline>
            </Collapse>
          </>
        )}
      </Stack>
    </Paper>
  );
}
