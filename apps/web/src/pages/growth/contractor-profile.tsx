// A contractor's profile and their revenue over time, coloured by nothing but drawn on the ladder's tiers.
import { LineChart } from "@mantine/charts";
import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { GrowthContractor } from "./growth-types";

export function ContractorProfile({ contractor }: { contractor: GrowthContractor }) {
  const data = contractor.history.map((h) => ({
    date: h.asOf,
    tier: h.tierIndex >= 0 ? h.tierIndex + 1 : null,
    label: h.tier ?? "unknown",
  }));
  const tierName = (n: number) => contractor.ladder[n - 1]?.label ?? "";
  const current = contractor.history.at(-1)?.tier ?? null;
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {contractor.name ?? contractor.contractorId}
          </Title>
          {current && <Badge size="lg">{current}</Badge>}
        </Group>
        <Text size="sm">
          Id {contractor.contractorId} · joined {contractor.joinedAt ?? "unknown"} · team size{" "}
          {contractor.teamSize ?? "unknown"} · stage {contractor.stage ?? "unknown"} · region{" "}
          {contractor.region ?? "unknown"}
        </Text>
        <Text size="sm">Focus areas: {contractor.focusAreas.join(", ") || "unknown"}</Text>
        <Title order={3} size="h5" mt="sm">
          Tier history
        </Title>
        {data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No revenue recorded.
          </Text>
        ) : (
          <LineChart
            h={200}
            data={data}
            dataKey="date"
            curveType="stepAfter"
            yAxisProps={{
              domain: [1, contractor.ladder.length],
              allowDecimals: false,
              tickFormatter: (v: number) => tierName(v),
              width: 80,
            }}
            valueFormatter={(v) => tierName(v)}
            series={[{ name: "tier", label: "Tier", color: "teal.6" }]}
            aria-label="Tier history"
          />
        )}
      </Stack>
    </Paper>
  );
}
