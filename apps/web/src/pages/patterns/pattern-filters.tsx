// Which patterns the library lists: by type, by state (active, inactive, deleted) and by words in their texts.
import { Group, SegmentedControl, Select, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import type { PatternListInput, PatternType } from "../../reply-engine-types";
import { isPatternType, patternTypeOptions } from "../../replies/pattern-type-labels";

export type PatternStatus = "all" | "active" | "inactive" | "deleted";

export interface PatternFilter {
  type: PatternType | null;
  status: PatternStatus;
  search: string;
}

const statusOptions: { value: PatternStatus; label: string }[] = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
  { value: "deleted", label: "Deleted" },
];

/** The list request for a filter; paging is added by the table. */
export function toPatternQuery(
  filter: PatternFilter,
): Omit<NonNullable<PatternListInput>, "cursor" | "limit"> {
  const search = filter.search.trim();
  return {
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.status === "active" ? { isActive: true } : {}),
    ...(filter.status === "inactive" ? { isActive: false } : {}),
    ...(filter.status === "deleted" ? { deleted: "only" as const } : {}),
    ...(search ? { search } : {}),
  };
}

export function PatternFilters({
  filter,
  onChange,
}: {
  filter: PatternFilter;
  onChange: (filter: PatternFilter) => void;
}) {
  return (
    <Group gap="sm" align="flex-end">
      <TextInput
        w={280}
        leftSection={<IconSearch size={16} />}
        placeholder="Search trigger or reply text"
        aria-label="Search patterns"
        value={filter.search}
        onChange={(event) => onChange({ ...filter, search: event.currentTarget.value })}
      />
      <Select
        w={180}
        placeholder="Any type"
        aria-label="Pattern type"
        data={patternTypeOptions}
        value={filter.type}
        clearable
        onChange={(value) => onChange({ ...filter, type: isPatternType(value) ? value : null })}
      />
      <SegmentedControl
        data={statusOptions}
        value={filter.status}
        aria-label="Pattern state"
        onChange={(value) => {
          const status = statusOptions.find((option) => option.value === value)?.value;
          if (status) onChange({ ...filter, status });
        }}
      />
    </Group>
  );
}
