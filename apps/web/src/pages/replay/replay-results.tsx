// Each replayed message with its decision, a page at a time (keyset on the run's sequence), and the trace behind
// a decision when its row is opened.
import { Badge, Button, Code, Group, Paper, Select, Stack, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { formatScore } from "../../format-number";
import { DecisionModeBadge, decisionModeLabels } from "../../replies/decision-mode-badge";
import type { DecisionMode } from "../../reply-engine-types";
import { trpc } from "../../trpc";
import type { ReplayResultItem } from "./replay-types";

const PAGE_SIZE = 50;

function Trace({ item }: { item: ReplayResultItem }) {
  const { trace } = item;
  return (
    <Stack gap={6} p="xs" data-testid="replay-trace">
      <Text size="sm">
        Probability <strong>{formatScore(item.score)}</strong> · match score{" "}
        {formatScore(trace.matchScore)} · pattern confidence {formatScore(trace.confidence)} ·{" "}
        {item.correct === null ? "not judged" : item.correct ? "right" : "wrong"} by the strict rule
      </Text>
      <Group gap={4}>
        <Text size="sm">Gates that stopped an automatic reply:</Text>
        {trace.failedGates.length === 0 ? (
          <Text size="sm" c="dimmed">
            none
          </Text>
        ) : (
          trace.failedGates.map((gate) => (
            <Badge key={gate} color="red" variant="light">
              {gate}
            </Badge>
          ))
        )}
      </Group>
      <Text size="sm">
        Proposed: {trace.proposedReply ?? <em>nothing</em>}
        {trace.bestReply && trace.bestReply !== trace.proposedReply && (
          <> · best candidate: {trace.bestReply}</>
        )}
      </Text>
      <Text size="sm">Operator replied: {trace.operatorReply}</Text>
      {trace.evidence !== null && trace.evidence !== undefined && (
        <Code block>{JSON.stringify(trace.evidence, null, 2)}</Code>
      )}
    </Stack>
  );
}

export function ReplayResults({ runId }: { runId: string }) {
  // The afterSeq of each page seen so far: "Previous" pops, "Next" pushes.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [decision, setDecision] = useState<DecisionMode | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const afterSeq = cursors[cursors.length - 1];
  const page = useQuery(
    trpc.replays.results.queryOptions(
      { runId, afterSeq, decision: decision ?? undefined, limit: PAGE_SIZE },
      { placeholderData: keepPreviousData },
    ),
  );

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>Messages</Text>
          <Select
            aria-label="Decision level"
            placeholder="Every level"
            clearable
            value={decision}
            onChange={(value) => {
              setDecision(value as DecisionMode | null);
              setCursors([undefined]);
            }}
            data={Object.entries(decisionModeLabels).map(([value, { label }]) => ({
              value,
              label,
            }))}
          />
        </Group>
        {page.isError && <ErrorAlert title="Could not load the messages" error={page.error} />}
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing={4} aria-label="Replayed messages" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>#</Table.Th>
                <Table.Th w={170}>Sent</Table.Th>
                <Table.Th>Customer wrote</Table.Th>
                <Table.Th w={110}>Decision</Table.Th>
                <Table.Th w={90}>Probability</Table.Th>
                <Table.Th w={80}>Right</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.data?.items.map((item) => (
                <Fragment key={item.seq}>
                  <Table.Tr
                    style={{ cursor: "pointer" }}
                    onClick={() => setOpen(open === item.seq ? null : item.seq)}
                    data-testid="replay-result-row"
                  >
                    <Table.Td>{item.seq}</Table.Td>
                    <Table.Td>{formatDateTime(item.sentAt)}</Table.Td>
                    <Table.Td maw={420}>
                      <Text size="sm" truncate>
                        {item.customerMessage ?? "—"}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DecisionModeBadge mode={item.decision} />
                    </Table.Td>
                    <Table.Td>{formatScore(item.score)}</Table.Td>
                    <Table.Td>{item.correct === null ? "—" : item.correct ? "yes" : "no"}</Table.Td>
                  </Table.Tr>
                  {open === item.seq && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Trace item={item} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="flex-end">
          <Button
            variant="default"
            size="xs"
            disabled={cursors.length <= 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            variant="default"
            size="xs"
            disabled={page.data?.nextAfterSeq === null || page.data === undefined}
            onClick={() => {
              const next = page.data?.nextAfterSeq;
              if (next !== null && next !== undefined) setCursors([...cursors, next]);
            }}
          >
            Next
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
