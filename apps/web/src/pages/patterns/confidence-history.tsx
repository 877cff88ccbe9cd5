// How a pattern's confidence moved, newest first: each review, decay step or manual change, with its note.
import { Paper, Stack, Text, Timeline, Title } from "@mantine/core";
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

export function ConfidenceHistory({ events }: { events: ConfidenceEvent[] }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Confidence history
        </Title>
        {events.length === 0 ? (
          <Text size="sm" c="dimmed">
            No changes yet. Each operator review moves the confidence.
          </Text>
        ) : (
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
        )}
      </Stack>
    </Paper>
  );
}
