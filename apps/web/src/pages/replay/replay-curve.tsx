// Precision against coverage as the probability threshold moves: the admin chooses a threshold with the figures
// in view and applies it as the auto threshold (confirmed, audited on the server).
import { LineChart } from "@mantine/charts";
import { Button, Group, Modal, Paper, SimpleGrid, Slider, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../error-alert";
import { formatPercent, formatScore } from "../../format-number";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import type { ReplayCurvePoint } from "./replay-types";

const pct = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);

export function ReplayCurve({ runId, curve }: { runId: string; curve: ReplayCurvePoint[] }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.config.get.queryOptions());
  const current = settings.data?.autoMinProbability ?? null;
  const [chosen, setChosen] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const threshold = chosen ?? current ?? 0.95;
  const point = curve.reduce<ReplayCurvePoint | undefined>(
    (best, p) =>
      !best || Math.abs(p.threshold - threshold) < Math.abs(best.threshold - threshold) ? p : best,
    undefined,
  );
  const apply = useMutation(
    trpc.replays.applyThreshold.mutationOptions({
      onSuccess: async (result) => {
        setConfirming(false);
        notifications.show({
          color: "green",
          message: result.changed
            ? `Auto threshold set to ${formatScore(result.settings.autoMinProbability)}.`
            : "The auto threshold already had this value.",
        });
        await queryClient.invalidateQueries({ queryKey: trpc.config.pathKey() });
      },
    }),
  );

  const byThreshold = curve.map((p) => ({
    threshold: p.threshold.toFixed(2),
    coverage: pct(p.coverage),
    precision: pct(p.precision),
  }));
  // Coverage rises as the threshold falls: sorted by coverage, the points read left to right.
  const byCoverage = curve
    .filter((p) => p.precision !== null)
    .map((p) => ({ coverage: pct(p.coverage), precision: pct(p.precision) }))
    .sort((a, b) => (a.coverage ?? 0) - (b.coverage ?? 0));

  return (
    <Paper withBorder p="md" radius="md" data-testid="replay-curve">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Precision and coverage by probability threshold
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <LineChart
            h={220}
            data={byCoverage}
            dataKey="coverage"
            unit="%"
            xAxisProps={{ type: "number", domain: [0, 100] }}
            yAxisProps={{ domain: [0, 100] }}
            aria-label="Precision against coverage"
            xAxisLabel="Coverage %"
            yAxisLabel="Precision %"
            series={[{ name: "precision", label: "Precision", color: "green.6" }]}
          />
          <LineChart
            h={220}
            data={byThreshold}
            dataKey="threshold"
            unit="%"
            yAxisProps={{ domain: [0, 100] }}
            aria-label="Coverage and precision by threshold"
            xAxisLabel="Threshold"
            withLegend
            connectNulls={false}
            referenceLines={[{ x: threshold.toFixed(2), label: "chosen", color: "red.6" }]}
            series={[
              { name: "coverage", label: "Coverage", color: "blue.6" },
              { name: "precision", label: "Precision", color: "green.6" },
            ]}
          />
        </SimpleGrid>
        <Slider
          min={0}
          max={1}
          step={0.01}
          value={threshold}
          onChange={setChosen}
          label={(v) => v.toFixed(2)}
          thumbLabel="Probability threshold"
        />
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" data-testid="replay-threshold-figures">
            At <strong>{formatScore(threshold)}</strong>: coverage{" "}
            <strong>{formatPercent(point?.coverage)}</strong>, precision{" "}
            <strong>{formatPercent(point?.precision)}</strong> ({point?.covered ?? 0} messages). The
            auto threshold now is {formatScore(current)}.
          </Text>
          {isAdmin(user) && (
            <Button
              onClick={() => setConfirming(true)}
              disabled={current === null || Math.abs(threshold - current) < 1e-9}
            >
              Apply as auto threshold
            </Button>
          )}
        </Group>
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Change the auto threshold?"
      >
        <Stack gap="sm">
          <Text size="sm">
            Automatic replies will need a probability of at least{" "}
            <strong>{formatScore(threshold)}</strong> (now {formatScore(current)}). On this replay
            that covers {formatPercent(point?.coverage)} of the messages at a precision of{" "}
            {formatPercent(point?.precision)}. The change is recorded in the audit log.
          </Text>
          {apply.error && <ErrorAlert title="Not applied" error={apply.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              loading={apply.isPending}
              onClick={() => apply.mutate({ runId, threshold: Math.round(threshold * 100) / 100 })}
            >
              Apply {formatScore(threshold)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
