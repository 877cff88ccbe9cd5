// "Which patterns save the most time": one table over the Overview's range, most time saved first.
import { Anchor, Badge, Group, Paper, Skeleton, Table, Text, Title } from "@mantine/core";
import { IconClockHour4 } from "@tabler/icons-react";
import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { formatPercent } from "../../format-number";
import type { RouterOutputs } from "@playbook/api/router";

type TopPatterns = RouterOutputs["stats"]["topPatterns"];

export function TopPatternsTable({ query }: { query: UseQueryResult<TopPatterns, unknown> }) {
  let body;
  if (query.isError) {
    body = <ErrorAlert title="Could not load the top patterns" error={query.error} m="md" />;
  } else if (!query.data) {
    body = <Skeleton h={120} m="md" radius="md" />;
  } else if (query.data.patterns.length === 0) {
    body = (
      <Text c="dimmed" size="sm" p="xl" ta="center">
        No pattern proposed or sent a reply in this range.
      </Text>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" highlightOnHover data-testid="top-patterns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Pattern</Table.Th>
              <Table.Th ta="right">Time saved</Table.Th>
              <Table.Th ta="right">Uses</Table.Th>
              <Table.Th ta="right">Automatic</Table.Th>
              <Table.Th ta="right">Precision</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.patterns.map((p) => (
              <Table.Tr key={p.patternId}>
                <Table.Td maw={360}>
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/patterns/${p.patternId}`} size="sm" truncate>
                      {p.triggerText}
                    </Anchor>
                    {!p.isActive && (
                      <Badge size="xs" variant="light" color="gray">
                        inactive
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{Math.round(p.timeSavedMinutes * 10) / 10} min</Table.Td>
                <Table.Td ta="right">{p.uses}</Table.Td>
                <Table.Td ta="right">{p.automatic}</Table.Td>
                <Table.Td ta="right">
                  {formatPercent(p.precision.value)}{" "}
                  <Text span size="xs" c="dimmed">
                    ({p.precision.right}/{p.precision.judged})
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <Paper withBorder radius="md">
      <Group gap="xs" px="md" py="sm">
        <IconClockHour4 size={18} />
        <Title order={2} size="h4">
          Patterns that save the most time
        </Title>
      </Group>
      {body}
    </Paper>
  );
}
