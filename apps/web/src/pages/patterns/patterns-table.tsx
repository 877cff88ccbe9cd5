// The pattern library as a table: a numbered page at a time with the total, sorted by the column the user chose.
import { Anchor, Checkbox, Group, Loader, Pagination, Paper, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { ConfidenceMeter } from "../../replies/confidence-meter";
import { patternTypeLabels } from "../../replies/pattern-type-labels";
import { trpc } from "../../trpc";
import { toPatternQuery } from "./pattern-filters";
import type { PatternListView, PatternSort } from "./pattern-list-params";
import { PatternStateBadges } from "./pattern-state-badges";
import { SortableHeader } from "./sortable-header";

export const PAGE_SIZE = 50;

/** Rows admins tick for a bulk action; "all matching" ticks every row. */
export interface PatternSelection {
  selected: ReadonlySet<string>;
  allMatching: boolean;
  onToggle: (ids: string[], on: boolean) => void;
}

export function PatternsTable({
  view,
  onSort,
  onPage,
  selection,
}: {
  view: PatternListView;
  onSort: (column: PatternSort) => void;
  onPage: (page: number) => void;
  selection?: PatternSelection;
}) {
  const list = useQuery(
    trpc.patterns.list.queryOptions(
      {
        ...toPatternQuery(view.filter),
        sort: view.sort,
        order: view.order,
        page: view.page,
        limit: PAGE_SIZE,
      },
      // The current page stays on screen while the next one loads: no flash of a spinner per click.
      { placeholderData: keepPreviousData },
    ),
  );

  if (list.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (list.isError) return <ErrorAlert title="Could not load the patterns" error={list.error} />;

  const { items: patterns, total } = list.data;
  if (total === 0) {
    return (
      <Paper withBorder p="xl" radius="md">
        <Text c="dimmed" size="sm" ta="center">
          No patterns match. Playbook learns a pattern from each operator reply to a customer
          question.
        </Text>
      </Paper>
    );
  }
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const isTicked = (id: string) =>
    selection !== undefined && (selection.allMatching || selection.selected.has(id));
  const pageTicked = patterns.length > 0 && patterns.every((p) => isTicked(p.id));
  const first = (view.page - 1) * PAGE_SIZE + 1;
  const header = (label: string, column: PatternSort, w?: number) => (
    <SortableHeader
      label={label}
      column={column}
      sort={view.sort}
      order={view.order}
      onSort={onSort}
      w={w}
    />
  );

  return (
    <Paper withBorder radius="md">
      <Group justify="space-between" px="md" pt="sm">
        <Text size="sm" fw={600} data-testid="patterns-total">
          {total === 1 ? "1 pattern" : `${total.toLocaleString("en-US")} patterns`}
        </Text>
        {patterns.length > 0 && (
          <Text size="xs" c="dimmed">
            {first.toLocaleString("en-US")}–{(first + patterns.length - 1).toLocaleString("en-US")}
          </Text>
        )}
      </Group>
      <Table.ScrollContainer minWidth={1100}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Patterns">
          <Table.Thead>
            <Table.Tr>
              {selection && (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select the patterns on this page"
                    checked={pageTicked}
                    indeterminate={!pageTicked && patterns.some((p) => isTicked(p.id))}
                    onChange={() =>
                      selection.onToggle(
                        patterns.map((p) => p.id),
                        !pageTicked,
                      )
                    }
                  />
                </Table.Th>
              )}
              {header("Customer asks", "triggerText")}
              <Table.Th>Reply template</Table.Th>
              {header("Type", "type", 110)}
              {header("Confidence", "confidence", 150)}
              {header("State", "state", 130)}
              {header("Used", "executionCount", 110)}
              <Table.Th w={90}>Examples</Table.Th>
              {header("Last used", "lastUsedAt", 170)}
              {header("Updated", "updatedAt", 170)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {patterns.map((pattern) => (
              <Table.Tr key={pattern.id}>
                {selection && (
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${pattern.triggerText}`}
                      checked={isTicked(pattern.id)}
                      onChange={(event) =>
                        selection.onToggle([pattern.id], event.currentTarget.checked)
                      }
                    />
                  </Table.Td>
                )}
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
                <Table.Td>
                  <Text size="sm">{formatDateTime(pattern.updatedAt)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Group justify="center" p="md">
          <Pagination
            total={pages}
            value={Math.min(view.page, pages)}
            onChange={onPage}
            size="sm"
            aria-label="Pattern pages"
          />
        </Group>
      )}
      {patterns.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" p="md">
          No patterns on page {view.page}.
        </Text>
      )}
    </Paper>
  );
}
