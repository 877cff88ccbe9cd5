// Refresh history: each refresh's status, counts and the figures of its time-split backtest (concordance, Brier
// score against the reference, share of times within 20%). Admins start a refresh here.
import { Badge, Button, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { GrowthValidation } from "@playbook/core";
import { IconRefresh } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime, formatDuration } from "../../format-date-time";
import { formatPercent, formatScore } from "../../format-number";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import { QueryState } from "./growth-loading";
import type { GrowthRefresh } from "./growth-types";

const statusColor = { running: "blue", done: "green", failed: "red" } as const;

function Validation({ refresh }: { refresh: GrowthRefresh }) {
  const v = refresh.validation as GrowthValidation | null;
  if (!v) return <Text size="xs">no backtest (too little history)</Text>;
  return (
    <Text size="xs">
      cutoff {v.cutoff}, {v.evaluated} evaluated, {v.movedAfterCutoff} moved · concordance{" "}
      {formatScore(v.concordance)} · Brier {formatScore(v.brier12)} against{" "}
      {formatScore(v.brier12Reference)} · within 20%: {formatPercent(v.withinTwentyPercent)} (aim{" "}
      {formatPercent(v.aim)})
    </Text>
  );
}

export function RefreshButton() {
  const queryClient = useQueryClient();
  const refresh = useMutation(
    trpc.growth.refresh.mutationOptions({
      onSuccess: async (result) => {
        notifications.show({
          color: "green",
          message: `Refreshed: ${result.patterns} patterns, ${result.drivers} drivers.`,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.growth.pathKey() });
      },
    }),
  );
  return (
    <Stack gap="xs">
      {refresh.error && <ErrorAlert title="Refresh failed" error={refresh.error} />}
      <Group>
        <Button
          leftSection={<IconRefresh size={16} />}
          loading={refresh.isPending}
          onClick={() => refresh.mutate()}
        >
          Refresh patterns now
        </Button>
      </Group>
    </Stack>
  );
}

export function RefreshesView() {
  const user = useCurrentUser();
  const list = useQuery(trpc.growth.refreshes.queryOptions({ limit: 50 }));
  return (
    <Stack gap="md">
      {isAdmin(user) && <RefreshButton />}
      <QueryState query={list} what="the refreshes">
        {(rows) => (
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="xs" aria-label="Refreshes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Trigger</Table.Th>
                    <Table.Th>Counts</Table.Th>
                    <Table.Th>Backtest</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.id} data-testid="growth-refresh">
                      <Table.Td>
                        {formatDateTime(r.startedAt)}
                        <Text size="xs" c="dimmed">
                          took {formatDuration(r.startedAt, r.finishedAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={statusColor[r.status]} variant="light">
                          {r.status}
                        </Badge>{" "}
                        {r.isCurrent && <Badge variant="outline">current</Badge>}
                        {r.error && (
                          <Text size="xs" c="red">
                            {r.error}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{r.trigger}</Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {Object.entries(r.summary ?? {})
                            .map(([k, n]) => `${k} ${n.toLocaleString()}`)
                            .join(" · ")}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Validation refresh={r} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {rows.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" p="md">
                No refresh yet.
              </Text>
            )}
          </Paper>
        )}
      </QueryState>
    </Stack>
  );
}
