// The pattern library as a table, most confident first, a page at a time.
import { Anchor, Button, Group, Loader, Paper, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { ConfidenceMeter } from "../../replies/confidence-meter";
import { patternTypeLabels } from "../../replies/pattern-type-labels";
import { trpc } from "../../trpc";
import { toPatternQuery, type PatternFilter } from "./pattern-filters";
import { PatternStateBadges } from "./pattern-state-badges";

const PAGE_SIZE = 50;

export function PatternsTable({ filter }: { filter: PatternFilter }) {
  const query = { ...toPatternQuery(filter), limit: PAGE_SIZE };
  const list = useInfiniteQuery(
    trpc.patterns.list.infiniteQueryOptions(query, {
      getNextPageParam: (lastPage) => lastPage.nextCursor,
    }),
  );

  if (list.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (list.isError) return <ErrorAlert title="Could not load the patterns" error={list.error} />;

  const patterns = list.data.pages.flatMap((page) => page.items);
  if (patterns.length === 0) {
    return (
      <Paper withBorder p="xl" radius="md">
        <Text c="dimmed" size="sm" ta="center">
          No patterns match. Playbook learns a pattern from each operator reply to a customer
          question.
        </Text>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Patterns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer asks</Table.Th>
              <Table.Th>Reply template</Table.Th>
              <Table.Th w={110}>Type</Table.Th>
              <Table.Th w={150}>Confidence</Table.Th>
              <Table.Th w={120}>State</Table.Th>
              <Table.Th w={110}>Used</Table.Th>
              <Table.Th w={90}>Examples</Table.Th>
              <Table.Th w={170}>Last used</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {patterns.map((pattern) => (
              <Table.Tr key={pattern.id}>
                <Table.Td maw={280}>
                  <Anchor component={Link} to={`/patterns/${pattern.id}`} size="sm" lineClamp={2}>
                    {pattern.triggerText}
                  </Anchor>
                </Table.Td>
                <Table.Td maw={320}>
                  <Text size="sm" lineClamp={2}>
                    {pattern.responseTemplate}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{patternTypeLabels[pattern.type]}</Text>
                </Table.Td>
                <Table.Td>
                  <ConfidenceMeter value={pattern.confidence} />
                </Table.Td>
                <Table.Td>
                  <PatternStateBadges pattern={pattern} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {pattern.executionCount}
                    <Text span size="xs" c="dimmed">
                      {" "}
                      ({pattern.successCount}✓ {pattern.failureCount}✗)
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{pattern.exampleCount}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={pattern.lastUsedAt ? undefined : "dimmed"}>
                    {pattern.lastUsedAt ? formatDateTime(pattern.lastUsedAt) : "Never"}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="center" p="md">
        {list.hasNextPage ? (
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Load more
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {patterns.length === 1 ? "1 pattern" : `${patterns.length} patterns`}
          </Text>
        )}
      </Group>
    </Paper>
  );
}
