// Customer satisfaction over time: the mean answer to the optional satisfaction text per day (0 worst, 100 best),
// with how many answered. Empty while the satisfaction text is off (Settings).
import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import { Paper, Skeleton, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../error-alert";
import { trpc } from "../../trpc";

export function SatisfactionOverTime() {
  const timeline = useQuery(trpc.experiments.satisfaction.queryOptions({ days: 90 }));
  let body;
  if (timeline.error) {
    body = <ErrorAlert title="Could not load customer satisfaction" error={timeline.error} />;
  } else if (!timeline.data) body = <Skeleton h={160} />;
  else if (timeline.data.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        No satisfaction answers yet. The satisfaction text is off by default: turn it on in
        Settings.
      </Text>
    );
  } else {
    body = (
      <LineChart
        h={180}
        data={timeline.data.map((d) => ({
          day: d.day,
          score: Math.round(d.score * 1000) / 10,
          answers: d.answers,
        }))}
        dataKey="day"
        yAxisProps={{ domain: [0, 100] }}
        series={[{ name: "score", label: "Satisfaction (0-100)", color: "teal.6" }]}
      />
    );
  }
  return (
    <Paper withBorder radius="md" p="md" data-testid="satisfaction-over-time">
      <Text size="sm" fw={600} mb="xs">
        Customer satisfaction (last 90 days)
      </Text>
      {body}
    </Paper>
  );
}
