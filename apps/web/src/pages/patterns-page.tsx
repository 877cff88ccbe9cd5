// The pattern library: what Playbook learned from operators' replies, and the admins' emergency stop.
import { Button, Group, Stack } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { PageHeader } from "../page-header";
import { KillSwitchButton } from "../replies/kill-switch-button";
import { canOperate, isAdmin, useCurrentUser } from "../session";
import { CreatePatternDialog } from "./patterns/create-pattern-dialog";
import { readCreatePatternLink } from "./patterns/create-pattern-link";
import { PatternFilters, type PatternFilter } from "./patterns/pattern-filters";
import { PatternsTable } from "./patterns/patterns-table";

const SEARCH_DEBOUNCE_MS = 300;

export function PatternsPage() {
  const user = useCurrentUser();
  const [filter, setFilter] = useState<PatternFilter>({ type: null, status: "all", search: "" });
  // Typing should not send a request per key; the other filters apply at once.
  const [search] = useDebouncedValue(filter.search, SEARCH_DEBOUNCE_MS);
  // The form opens from the URL (?create=1&question=…&reply=…): the inbox's "make a pattern from this".
  const [params, setParams] = useSearchParams();
  const creating = canOperate(user) ? readCreatePatternLink(params) : null;

  return (
    <>
      <PageHeader
        title="Patterns"
        description="Reply patterns learned from operators' answers. New patterns start inactive: a person turns each one on."
        actions={
          <Group gap="xs">
            {canOperate(user) && (
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                onClick={() => setParams({ create: "1" })}
              >
                New pattern
              </Button>
            )}
            {isAdmin(user) && <KillSwitchButton />}
          </Group>
        }
      />
      {creating && (
        <CreatePatternDialog
          key={params.toString()}
          initial={creating}
          onClose={() => setParams(new URLSearchParams())}
        />
      )}
      <Stack gap="md">
        <PatternFilters filter={filter} onChange={setFilter} />
        <PatternsTable filter={{ ...filter, search }} />
      </Stack>
    </>
  );
}
