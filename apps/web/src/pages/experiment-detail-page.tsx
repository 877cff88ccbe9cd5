// One experiment: its wordings, the evidence at this look (rates, the always-valid interval for the difference, the
// probability that each is best, the replies still needed, the sample-ratio check), the metric over time, and the
// admin's stop and promotion consent.
import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import { describeError } from "../describe-error";
import { ErrorAlert } from "../error-alert";
import { formatPercent } from "../format-number";
import { PageHeader } from "../page-header";
import { isAdmin, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { experimentStatusColor } from "./experiments-page";
import { metricLabels } from "./experiments/metric-labels";

const palette = ["gray.6", "blue.6", "green.6", "orange.6", "violet.6"];

export function ExperimentDetailPage() {
  const { experimentId = "" } = useParams();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.experiments.get.queryOptions({ id: experimentId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.experiments.pathKey() });
  const stop = useMutation(trpc.experiments.stop.mutationOptions({ onSuccess: refresh }));
  const consent = useMutation(
    trpc.experiments.setPromotionConsent.mutationOptions({ onSuccess: refresh }),
  );
  if (detail.isPending) return <Loader size="sm" />;
  if (detail.isError) {
    return <ErrorAlert title="Could not load the experiment" error={detail.error} />;
  }
  const e = detail.data;
  const { summary } = e;
  const nameOf = new Map(e.variants.map((v) => [v.id, v.name]));
  const chart = summary.timeline.map((point) => ({
    day: point.day,
    ...Object.fromEntries(
      e.variants.map((v) => [
        v.name,
        point.rates[v.id] === null ? null : Math.round((point.rates[v.id] ?? 0) * 1000) / 10,
      ]),
    ),
  }));
  const admin = isAdmin(user);
  const mutationError = stop.error ?? consent.error;
  return (
    <>
      <PageHeader
        title={e.name}
        description={`Pattern: ${e.patternTrigger}`}
        actions={
          <Group>
            <Badge color={experimentStatusColor[e.status]}>{e.status}</Badge>
            {admin && e.status === "running" && (
              <Button
                color="red"
                variant="light"
                loading={stop.isPending}
                onClick={() => stop.mutate({ id: e.id })}
              >
                Stop
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="lg">
        {mutationError && <Text c="red">{describeError(mutationError)}</Text>}
        {summary.sampleRatio?.mismatch && (
          <Alert color="red" title="Sample-ratio mismatch">
            The customers per variant do not follow the split (p ={" "}
            {summary.sampleRatio.pValue.toExponential(2)}): the assignment or the counting is
            broken, and no result can be trusted until it is explained.
          </Alert>
        )}
        {e.winnerVariantId && (
          <Alert color="green" title="Winner declared">
            {nameOf.get(e.winnerVariantId)}
            {e.promotedVersion
              ? ` — promoted as the pattern's template (version ${e.promotedVersion})`
              : ""}
          </Alert>
        )}
        <Text size="sm">
          Primary metric: <b>{metricLabels[e.primaryMetric]}</b> · Guardrail:{" "}
          <b>{metricLabels[e.guardrailMetric]}</b> · α = {e.alpha}
        </Text>
        <Text size="sm" c="dimmed">
          {e.stoppingRule}
        </Text>
        {admin && (
          <Switch
            label="Promote the winner as the pattern's template when one is declared"
            checked={e.promoteWinner}
            disabled={e.status !== "running" || consent.isPending}
            onChange={(event) =>
              consent.mutate({ id: e.id, promoteWinner: event.currentTarget.checked })
            }
          />
        )}
        <Table data-testid="experiment-evidence">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Variant</Table.Th>
              <Table.Th>Wording</Table.Th>
              <Table.Th>Customers</Table.Th>
              <Table.Th>Primary</Table.Th>
              <Table.Th>Guardrail</Table.Th>
              <Table.Th>Difference vs control (always-valid interval)</Table.Th>
              <Table.Th>P(best)</Table.Th>
              <Table.Th>Replies needed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.variants.map((ev) => {
              const v = e.variants.find((x) => x.id === ev.variantId)!;
              const c = ev.comparison;
              return (
                <Table.Tr key={v.id}>
                  <Table.Td>
                    {v.name} {v.isControl && <Badge size="xs">control</Badge>}
                    {v.stoppedAt && (
                      <Badge size="xs" color="red">
                        stopped
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{v.template}</Table.Td>
                  <Table.Td>{ev.customers}</Table.Td>
                  <Table.Td>
                    {formatPercent(ev.primary.rate)} ({ev.primary.successes}/{ev.primary.trials})
                  </Table.Td>
                  <Table.Td>{formatPercent(ev.guardrail.rate)}</Table.Td>
                  <Table.Td>
                    {c
                      ? `${formatPercent(c.difference)} [${formatPercent(c.interval.low)}, ${formatPercent(c.interval.high)}] p=${c.pValue.toFixed(3)}`
                      : "—"}
                  </Table.Td>
                  <Table.Td>{formatPercent(ev.probabilityBest)}</Table.Td>
                  <Table.Td>{ev.repliesNeeded ?? "—"}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Paper withBorder p="md" radius="md">
          <Text size="sm" fw={600} mb="xs">
            {metricLabels[e.primaryMetric]} over time (cumulative, %)
          </Text>
          {chart.length === 0 ? (
            <Text c="dimmed" size="sm">
              No measured replies yet: a reply's outcome is measured 24 hours after it.
            </Text>
          ) : (
            <LineChart
              h={220}
              data={chart}
              dataKey="day"
              withLegend
              connectNulls
              series={e.variants.map((v, i) => ({
                name: v.name,
                color: palette[i % palette.length]!,
              }))}
            />
          )}
        </Paper>
      </Stack>
    </>
  );
}
