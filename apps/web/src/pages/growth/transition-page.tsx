// One transition: its survival curve, its drivers and every other factor tested, and the partners and content
// of those who moved up.
import { Anchor, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { trpc } from "../../trpc";
import { QueryState } from "./growth-loading";
import { formatMonths, growthPath, transitionTimeline } from "./growth-types";
import { PatternsTable } from "./patterns-table";
import { SurvivalChart } from "./survival-chart";

const contentKinds = new Set(["book", "podcast", "event"]);

export function TransitionPage() {
  const fromTier = useParams().fromTier ?? "";
  const ladder = useQuery(trpc.growth.ladder.queryOptions());
  const patterns = useQuery(trpc.growth.patterns.queryOptions({ fromTier }));
  const transition = ladder.data?.transitions.find((t) => t.fromTier === fromTier);
  const timeline = transition ? transitionTimeline(transition) : null;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={growthPath.ladder} size="sm">
        ← The ladder
      </Anchor>
      <Paper withBorder radius="md" p="md">
        <Title order={2} size="h4">
          {fromTier} → {transition?.toTier ?? "next tier"}
        </Title>
        <Text size="sm" mb="sm">
          {transition?.contractors ?? "Fewer than 5"} contractors,{" "}
          {transition?.movers ?? "fewer than 5"} moved up; median{" "}
          {formatMonths(
            timeline?.median.months,
            timeline?.median.lower ?? null,
            timeline?.median.upper ?? null,
          )}
        </Text>
        <SurvivalChart timeline={timeline} height={240} />
      </Paper>
      <QueryState query={patterns} what="the patterns">
        {(rows) => (
          <>
            <PatternsTable title="Drivers" patterns={rows.filter((p) => p.verdict === "driver")} />
            <PatternsTable
              title="Partners"
              patterns={rows.filter((p) => p.factorKind === "partner")}
            />
            <PatternsTable
              title="Content (books, podcasts, events)"
              patterns={rows.filter((p) => contentKinds.has(p.factorKind))}
            />
            <PatternsTable
              title="Every other factor tested"
              patterns={rows.filter(
                (p) =>
                  p.verdict !== "driver" &&
                  p.factorKind !== "partner" &&
                  !contentKinds.has(p.factorKind),
              )}
            />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
