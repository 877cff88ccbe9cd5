// The pattern library: what Playbook learned from operators' replies, and the admins' emergency stop.
import { Button, Group, Stack } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { PageHeader } from "../page-header";
import { KillSwitchButton } from "../replies/kill-switch-button";
import { canOperate, isAdmin, useCurrentUser } from "../session";
import { PatternFilters, type PatternFilter } from "./patterns/pattern-filters";
import {
  firstOrderOf,
  readPatternListView,
  writePatternListView,
  type PatternListView,
  type PatternSort,
} from "./patterns/pattern-list-params";
import { PatternBulkBar } from "./patterns/pattern-bulk-bar";
import { PatternTransferButtons } from "./patterns/pattern-transfer-buttons";
import { PatternsTable, type PatternSelection } from "./patterns/patterns-table";

const SEARCH_DEBOUNCE_MS = 300;

export function PatternsPage() {
  const user = useCurrentUser();
  // Filters, sort and page are read from the URL and written back to it (see pattern-list-params).
  const [params, setParams] = useSearchParams();
  const view = readPatternListView(params);
  const [searchText, setSearchText] = useState(view.filter.search);
  // Typing should not send a request (or a history entry) per key; the other filters apply at once.
  const [search] = useDebouncedValue(searchText, SEARCH_DEBOUNCE_MS);
  const show = (change: Partial<PatternListView>, replace = false) =>
    setParams(
      (current) => writePatternListView(current, { ...readPatternListView(current), ...change }),
      { replace },
    );
  useEffect(() => {
    setParams(
      (current) => {
        const shown = readPatternListView(current);
        if (shown.filter.search.trim() === search.trim()) return current;
        return writePatternListView(current, {
          ...shown,
          filter: { ...shown.filter, search },
          page: 1,
        });
      },
      { replace: true },
    );
  }, [search, setParams]);
  // The back button (or a link) can change the search in the URL: the box follows it.
  // Adjusted while rendering, not in an effect; a URL that only caught up with the typing is left alone.
  const searchInUrl = view.filter.search;
  const [searchSeenInUrl, setSearchSeenInUrl] = useState(searchInUrl);
  if (searchInUrl !== searchSeenInUrl) {
    setSearchSeenInUrl(searchInUrl);
    if (searchInUrl.trim() !== search.trim()) setSearchText(searchInUrl);
  }
  const changeFilter = (filter: PatternFilter) => {
    setSearchText(filter.search);
    if (filter.type !== view.filter.type || filter.status !== view.filter.status) {
      show({ filter: { ...view.filter, type: filter.type, status: filter.status }, page: 1 });
    }
  };
  // Admins tick rows (or every pattern the filters match) for a bulk action; a new filter starts afresh.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const filterKey = JSON.stringify(view.filter);
  const [selectionFilter, setSelectionFilter] = useState(filterKey);
  if (selectionFilter !== filterKey) {
    setSelectionFilter(filterKey);
    setSelected(new Set());
    setAllMatching(false);
  }
  const selection: PatternSelection = {
    selected,
    allMatching,
    onToggle: (ids, on) => {
      setAllMatching(false);
      setSelected((current) => {
        const next = new Set(allMatching ? [] : current);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
    },
  };
  const sortBy = (column: PatternSort) =>
    show({
      sort: column,
      order: column === view.sort ? (view.order === "asc" ? "desc" : "asc") : firstOrderOf(column),
      page: 1,
    });

  return (
    <>
      <PageHeader
        title="Patterns"
        description="Reply patterns learned from operators' answers. New patterns start inactive: a person turns each one on."
        actions={
          <Group gap="xs">
            {canOperate(user) && (
              <Button
                component={Link}
                to="/patterns/new"
                variant="light"
                leftSection={<IconPlus size={16} />}
              >
                New pattern
              </Button>
            )}
            {isAdmin(user) && <PatternTransferButtons filter={view.filter} />}
            {isAdmin(user) && <KillSwitchButton />}
          </Group>
        }
      />
      <Stack gap="md">
        <PatternFilters filter={{ ...view.filter, search: searchText }} onChange={changeFilter} />
        {isAdmin(user) && (
          <PatternBulkBar
            filter={view.filter}
            selected={selected}
            allMatching={allMatching}
            onSelectAllMatching={() => setAllMatching(true)}
            onClear={() => {
              setSelected(new Set());
              setAllMatching(false);
            }}
          />
        )}
        <PatternsTable
          view={view}
          onSort={sortBy}
          onPage={(page) => show({ page })}
          {...(isAdmin(user) ? { selection } : {})}
        />
      </Stack>
    </>
  );
}
