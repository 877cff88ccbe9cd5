// A transition's survival curve: the share of contractors not yet moved up against months in the tier, with its
// 95% band dashed, drawn while at least 5 contractors are at risk (as stored by the refresh).
import { LineChart } from "@mantine/charts";
import { Text } from "@mantine/core";
import type { Timeline } from "@playbook/core";

const pct = (share: number) => Math.round(share * 1000) / 10;

export function SurvivalChart({
  timeline,
  height = 180,
}: {
  timeline: Timeline | null;
  height?: number;
}) {
  if (!timeline || timeline.curve.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Too few contractors for a curve.
      </Text>
    );
  }
  const data = timeline.curve.map((p) => ({
    months: Math.round(p.months * 10) / 10,
    remaining: pct(p.remaining),
    lower: pct(p.lower),
    upper: pct(p.upper),
  }));
  return (
    <LineChart
      h={height}
      data={data}
      dataKey="months"
      curveType="stepAfter"
      withDots={false}
      xAxisProps={{ type: "number", domain: [0, "dataMax"] }}
      yAxisProps={{ domain: [0, 100] }}
      unit="%"
      xAxisLabel="Months in the tier"
      series={[
        { name: "remaining", label: "Not yet moved up", color: "blue.7" },
        { name: "lower", label: "95% lower", color: "gray.5", strokeDasharray: "4 4" },
        { name: "upper", label: "95% upper", color: "gray.5", strokeDasharray: "4 4" },
      ]}
      aria-label="Survival curve"
    />
  );
}
