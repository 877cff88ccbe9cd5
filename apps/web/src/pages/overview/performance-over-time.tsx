// The Overview's lead: the reply engine's performance per day or week over a range (messages, coverage,
// precision, automatic rate, time saved, learning, LLM cost) and the patterns that save the most time.
import "@mantine/charts/styles.css";
import { BarChart, LineChart } from "@mantine/charts";
import {
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconChartLine } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ErrorAlert } from "../../error-alert";
import type { RouterOutputs } from "@playbook/api/router";
import { localRange } from "../../local-range";
import { trpc } from "../../trpc";
import { TopPatternsTable } from "./top-patterns-table";

type Timeline = RouterOutputs["stats"]["timeline"];
type Bucket = "day" | "week";

const ranges = [
  { value: "14", label: "Last 14 days" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "365", label: "Last 365 days" },
];
const REFRESH_MS = 60_000;

const pct = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" fw={600} mb="xs">
        {title}
      </Text>
      {children}
    </Paper>
  );
}

function TimelineCharts({ timeline }: { timeline: Timeline }) {
  const data = timeline.buckets.map((b) => ({
    start: b.start,
    messagesIn: b.messagesIn,
    automatic: b.automatic,
    suggestions: b.suggestions,
    queued: b.queued,
    coverage: pct(b.coverage),
    precision: pct(b.precision.value),
    judged: b.precision.judged,
    automaticRate: pct(b.automaticRate),
    timeSaved: b.timeSavedMinutes,
    patternsLearned: b.patternsLearned,
    examplesAdded: b.examplesAdded,
    llmCost: b.llmCostUsd,
  }));
  const h = 200;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="performance-charts">
      <ChartCard title="Messages and what Playbook did">
        <BarChart
          h={h}
          data={data}
          dataKey="start"
          aria-label="Messages per bucket"
          withLegend
          series={[
            { name: "messagesIn", label: "Messages in", color: "gray.5" },
            { name: "automatic", label: "Automatic", color: "green.6" },
            { name: "suggestions", label: "Suggestions", color: "blue.6" },
            { name: "queued", label: "Queued", color: "violet.6" },
          ]}
        />
      </ChartCard>
      <ChartCard title="Coverage, precision and automatic rate (%)">
        <LineChart
          h={h}
          data={data}
          dataKey="start"
          unit="%"
          connectNulls={false}
          yAxisProps={{ domain: [0, 100] }}
          aria-label="Rates per bucket"
          withLegend
          series={[
            { name: "coverage", label: "Coverage", color: "blue.6" },
            { name: "precision", label: "Precision", color: "green.6" },
            { name: "automaticRate", label: "Automatic rate", color: "orange.6" },
          ]}
        />
        <Text size="xs" c="dimmed" mt={4}>
          Precision rests on {data.reduce((sum, d) => sum + d.judged, 0)} judged proposals in this
          range; a gap means nothing was judged that {timeline.bucket}.
        </Text>
      </ChartCard>
      <ChartCard title="Operator time saved (minutes)">
        <BarChart
          h={h}
          data={data}
          dataKey="start"
          aria-label="Time saved per bucket"
          series={[{ name: "timeSaved", label: "Minutes saved", color: "teal.6" }]}
        />
        <Text size="xs" c="dimmed" mt={4}>
          As the replay counts it: {timeline.timeSaving.minutesPerReply} min for each right
          automatic reply, {timeline.timeSaving.minutesPerReply - timeline.timeSaving.reviewMinutes}{" "}
          min for each right suggestion or queued reply.
        </Text>
      </ChartCard>
      <ChartCard title="Learning">
        <BarChart
          h={h}
          data={data}
          dataKey="start"
          aria-label="Learning per bucket"
          withLegend
          series={[
            { name: "patternsLearned", label: "Patterns learned", color: "indigo.6" },
            { name: "examplesAdded", label: "Examples added", color: "cyan.5" },
          ]}
        />
      </ChartCard>
      <ChartCard title="LLM cost (USD)">
        {timeline.llm.recorded ? (
          <LineChart
            h={h}
            data={data}
            dataKey="start"
            aria-label="LLM cost per bucket"
            series={[{ name: "llmCost", label: "Cost", color: "red.6" }]}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {timeline.llm.note}
          </Text>
        )}
      </ChartCard>
    </SimpleGrid>
  );
}

export function PerformanceOverTime() {
  const [bucket, setBucket] = useState<Bucket>("day");
  const [days, setDays] = useState("30");
  const settings = useQuery(trpc.config.get.queryOptions());
  const range = settings.data ? localRange(Number(days), settings.data.timezone) : null;
  const timeline = useQuery(
    trpc.stats.timeline.queryOptions(
      { from: range?.from ?? "", to: range?.to ?? "", bucket },
      { enabled: range !== null, refetchInterval: REFRESH_MS },
    ),
  );
  const top = useQuery(
    trpc.stats.topPatterns.queryOptions(
      { from: range?.from ?? "", to: range?.to ?? "", limit: 10 },
      { enabled: range !== null, refetchInterval: REFRESH_MS },
    ),
  );

  let body: ReactNode;
  const error = settings.error ?? timeline.error;
  if (error) {
    body = <ErrorAlert title="Could not load the performance over time" error={error} />;
  } else if (!timeline.data) {
    body = <Skeleton h={420} radius="md" />;
  } else {
    body = <TimelineCharts timeline={timeline.data} />;
  }

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md" data-testid="performance-over-time">
        <Group justify="space-between" mb="sm">
          <Group gap="xs">
            <IconChartLine size={18} />
            <Title order={2} size="h4">
              Performance over time
            </Title>
            {timeline.isFetching && !timeline.isPending && <Loader size="xs" />}
          </Group>
          <Group gap="sm">
            <SegmentedControl
              size="xs"
              aria-label="Per day or per week"
              value={bucket}
              onChange={setBucket}
              data={[
                { value: "day", label: "Per day" },
                { value: "week", label: "Per week" },
              ]}
            />
            <Select
              size="xs"
              aria-label="Range"
              data={ranges}
              value={days}
              onChange={(value) => value && setDays(value)}
              allowDeselect={false}
              w={150}
            />
          </Group>
        </Group>
        {timeline.data && (
          <Text size="xs" c="dimmed" mb="sm">
            {timeline.data.from} to {timeline.data.to}, local days in {timeline.data.timezone}
            {bucket === "week" ? "; weeks start on Monday" : ""}.
          </Text>
        )}
        {body}
      </Paper>
      <TopPatternsTable query={top} />
    </Stack>
  );
}
