// The pattern library: what Playbook learned from operators' replies, and the admins' emergency stop.
import { Stack } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { PageHeader } from "../page-header";
import { KillSwitchButton } from "../replies/kill-switch-button";
import { isAdmin, useCurrentUser } from "../session";
import { PatternFilters, type PatternFilter } from "./patterns/pattern-filters";
import { PatternsTable } from "./patterns/patterns-table";

const SEARCH_DEBOUNCE_MS = 300;

export function PatternsPage() {
  const user = useCurrentUser();
  const [filter, setFilter] = useState<PatternFilter>({ type: null, status: "all", search: "" });
  // Typing should not send a request per key; the other filters apply at once.
  const [search] = useDebouncedValue(filter.search, SEARCH_DEBOUNCE_MS);

  return (
    <>
      <PageHeader
        title="Patterns"
        description="Reply patterns learned from operators' answers. New patterns start inactive: a person turns each one on."
        actions={isAdmin(user) ? <KillSwitchButton /> : null}
      />
      <Stack gap="md">
        <PatternFilters filter={filter} onChange={setFilter} />
        <PatternsTable filter={{ ...filter, search }} />
      </Stack>
    </>
  );
}
