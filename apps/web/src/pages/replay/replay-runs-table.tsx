// Past replays, newest first: choose one to see it, tick two to compare them side by side.
import { Anchor, Badge, Checkbox, Paper, Progress, Table, Text } from "@mantine/core";
import { formatDateTime } from "../../format-date-time";
import { formatPercent } from "../../format-number";
import {
  isReplayRunning,
  replayFraction,
  replayStatusLabels,
  type ReplayRunItem,
} from "./replay-types";

export function ReplayRunsTable({
  runs,
  selectedId,
  onSelect,
  compared,
  onToggleCompare,
}: {
  runs: ReplayRunItem[];
  selectedId: string;
  onSelect: (id: string) => void;
  compared: string[];
  onToggleCompare: (id: string) => void;
}) {
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={800}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Replays">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Compare</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th w={110}>Policy</Table.Th>
              <Table.Th w={120}>Status</Table.Th>
              <Table.Th w={200}>Progress</Table.Th>
              <Table.Th w={190}>Started</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((run) => {
              const selected = run.id === selectedId;
              const fraction = replayFraction(run);
              const status = replayStatusLabels[run.status];
              return (
                <Table.Tr
                  key={run.id}
                  bg={selected ? "var(--mantine-primary-color-light)" : undefined}
                  aria-selected={selected}
                  data-testid="replay-run-row"
                >
                  <Table.Td>
                    <Checkbox
                      aria-label={`Compare ${run.fileName} of ${formatDateTime(run.createdAt)}`}
                      checked={compared.includes(run.id)}
                      disabled={run.status !== "done"}
                      onChange={() => onToggleCompare(run.id)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => onSelect(run.id)}>
                      {run.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{run.policy === "what-if" ? "What-if" : "Real"}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={status.color}>
                      {status.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Progress
                      value={fraction === null ? 100 : fraction * 100}
                      striped={isReplayRunning(run)}
                      animated={isReplayRunning(run)}
                      color={status.color}
                      aria-label={`Progress of ${run.fileName}`}
                    />
                    <Text size="xs" c="dimmed">
                      {fraction === null ? "" : formatPercent(fraction)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(run.createdAt)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
