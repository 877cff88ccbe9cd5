// A column header that sorts the patterns list: click to sort by it, click again to reverse.
import { Group, Table, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconChevronUp, IconSelector } from "@tabler/icons-react";
import type { PatternSort, SortOrder } from "./pattern-list-params";

export function SortableHeader({
  label,
  column,
  sort,
  order,
  onSort,
  w,
}: {
  label: string;
  column: PatternSort;
  sort: PatternSort;
  order: SortOrder;
  onSort: (column: PatternSort) => void;
  w?: number;
}) {
  const active = column === sort;
  const Icon = !active ? IconSelector : order === "asc" ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th w={w} aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}>
      <UnstyledButton onClick={() => onSort(column)} aria-label={`Sort by ${label.toLowerCase()}`}>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" fw={active ? 700 : 600}>
            {label}
          </Text>
          <Icon size={14} stroke={1.5} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
