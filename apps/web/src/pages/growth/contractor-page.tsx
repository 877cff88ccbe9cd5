// One contractor: profile and tier history, the cohorts they match, their goals with checklists and evidence,
// recommendations, timeline, and (for operators) outcome entry on each goal.
import { Anchor, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { trpc } from "../../trpc";
import { MatchesCard, RecommendationsCard, TimelineCard } from "./advice-cards";
import { ContractorProfile } from "./contractor-profile";
import { GoalCard } from "./goal-card";
import { QueryState } from "./growth-loading";
import { growthPath } from "./growth-types";

export function ContractorPage() {
  const contractorId = useParams().contractorId ?? "";
  const contractor = useQuery(trpc.growth.contractor.queryOptions({ contractorId }));
  const advice = useQuery(trpc.growth.advice.queryOptions({ contractorId }));
  return (
    <Stack gap="md">
      <Anchor component={Link} to={growthPath.contractors} size="sm">
        ← Contractors
      </Anchor>
      <QueryState query={contractor} what="the contractor">
        {(data) => <ContractorProfile contractor={data} />}
      </QueryState>
      <QueryState query={advice} what="the advice">
        {(data) => (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <MatchesCard matches={data.matches} />
              <TimelineCard timeline={data.timeline} />
            </SimpleGrid>
            <Title order={2} size="h4">
              Goals
            </Title>
            {data.goals.length === 0 && (
              <Text size="sm" c="dimmed">
                No goals: nothing the matched cohorts did first is left undone, or no refresh has
                run.
              </Text>
            )}
            {data.goals.map((goal) => (
              <GoalCard key={goal.id} goal={goal} />
            ))}
            <RecommendationsCard recommendations={data.recommendations} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
