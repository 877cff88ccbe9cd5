// Admins' bulk work on the pattern library: the rows ticked in the table, or every pattern the filters match, take
// one action after a confirmation that says how many; the last action can be undone with one click.
import { Alert, Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { RouterInputs } from "@playbook/api/router";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";
import { toPatternQuery, type PatternFilter } from "./pattern-filters";
import { refreshPatternQueries } from "./refresh-pattern-queries";

type BulkAction = RouterInputs["patterns"]["bulk"]["action"];

// A Record, so an action added on the server fails the build until it has a label here.
const actionLabels: Record<BulkAction, string> = {
  activate: "Activate",
  deactivate: "Deactivate",
  auto_send_on: "Turn auto-send on",
  auto_send_off: "Turn auto-send off",
  add_tag: "Add tag",
  remove_tag: "Remove tag",
  delete: "Delete",
  restore: "Restore",
};
const actionOptions = (Object.keys(actionLabels) as BulkAction[]).map((value) => ({
  value,
  label: actionLabels[value],
}));
const isBulkAction = (value: string | null): value is BulkAction =>
  value !== null && Object.hasOwn(actionLabels, value);
const needsTag = (action: BulkAction) => action === "add_tag" || action === "remove_tag";

export function PatternBulkBar({
  filter,
  selected,
  allMatching,
  onSelectAllMatching,
  onClear,
}: {
  filter: PatternFilter;
  selected: ReadonlySet<string>;
  allMatching: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
}) {
  const queryClient = useQueryClient();
  const query = toPatternQuery(filter);
  const matching = useQuery(trpc.patterns.list.queryOptions({ ...query, limit: 1 }));
  const total = matching.data?.total ?? 0;
  const count = allMatching ? total : selected.size;
  const [action, setAction] = useState<BulkAction>("activate");
  const [tag, setTag] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [lastOperation, setLastOperation] = useState<{ id: string; summary: string } | null>(null);

  const bulk = useMutation(
    trpc.patterns.bulk.mutationOptions({
      onSuccess: async (result) => {
        setConfirming(false);
        const summary = `${actionLabels[result.action]}: ${result.changed} changed, ${result.unchanged} already so`;
        setLastOperation(result.operationId ? { id: result.operationId, summary } : null);
        notifications.show({ color: "green", message: summary });
        onClear();
        await refreshPatternQueries(queryClient);
      },
    }),
  );
  const undo = useMutation(
    trpc.patterns.bulkUndo.mutationOptions({
      onSuccess: async (result) => {
        notifications.show({ color: result.undone ? "green" : "yellow", message: result.message });
        setLastOperation(null);
        await refreshPatternQueries(queryClient);
      },
    }),
  );

  const apply = () => {
    // A second click while the first is on its way sends nothing.
    if (bulk.isPending) return;
    bulk.mutate({
      ...(allMatching ? { filter: query } : { ids: [...selected] }),
      action,
      ...(needsTag(action) ? { tag } : {}),
      expectedCount: count,
    });
  };

  return (
    <Paper withBorder radius="md" p="sm" data-testid="bulk-bar">
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600} data-testid="bulk-count">
            {allMatching
              ? `All ${total.toLocaleString("en-US")} matching patterns selected`
              : `${selected.size} selected`}
          </Text>
          {!allMatching && total > selected.size && (
            <Button size="xs" variant="subtle" onClick={onSelectAllMatching}>
              {`Select all ${total.toLocaleString("en-US")} matching this filter`}
            </Button>
          )}
          {count > 0 && (
            <Button size="xs" variant="subtle" color="gray" onClick={onClear}>
              Clear selection
            </Button>
          )}
          <Select
            size="xs"
            aria-label="Bulk action"
            data={actionOptions}
            value={action}
            allowDeselect={false}
            onChange={(value) => {
              if (isBulkAction(value)) setAction(value);
            }}
          />
          {needsTag(action) && (
            <TextInput
              size="xs"
              aria-label="Tag"
              placeholder="tag"
              maxLength={40}
              value={tag}
              onChange={(event) => setTag(event.currentTarget.value)}
            />
          )}
          <Button
            size="xs"
            disabled={count === 0 || (needsTag(action) && tag.trim() === "")}
            onClick={() => setConfirming(true)}
          >
            Apply…
          </Button>
        </Group>
        {lastOperation && (
          <Alert color="blue" p="xs">
            <Group gap="sm">
              <Text size="sm">{lastOperation.summary}</Text>
              <Button
                size="xs"
                variant="light"
                loading={undo.isPending}
                onClick={() => {
                  if (!undo.isPending) undo.mutate({ operationId: lastOperation.id });
                }}
              >
                Undo
              </Button>
            </Group>
          </Alert>
        )}
        {undo.error && (
          <Text size="sm" c="red">
            {describeError(undo.error)}
          </Text>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Confirm the bulk action"
      >
        <Stack gap="sm">
          <Text size="sm" data-testid="bulk-confirm-text">
            {`${actionLabels[action]}${needsTag(action) ? ` "${tag.trim()}"` : ""} on ${count.toLocaleString("en-US")} pattern${count === 1 ? "" : "s"}?`}
          </Text>
          <Text size="xs" c="dimmed">
            One click on Undo afterwards puts every one of them back.
          </Text>
          {bulk.error && (
            <Text size="sm" c="red">
              {describeError(bulk.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="subtle" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button loading={bulk.isPending} onClick={apply}>
              {`${actionLabels[action]} ${count.toLocaleString("en-US")}`}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
