// One pattern with everything that explains it, and the actions operators take on it.
import { Grid, Group, Loader, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { ErrorAlert } from "../error-alert";
import { PageHeader } from "../page-header";
import { patternTypeLabels } from "../replies/pattern-type-labels";
import { isAdmin, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { AllPatternsLink } from "./patterns/all-patterns-link";
import { ConfidenceHistory } from "./patterns/confidence-history";
import { PatternOutcomes } from "./patterns/pattern-outcomes";
import { PatternPerformance } from "./patterns/pattern-performance";
import { PatternExamples } from "./patterns/pattern-examples";
import { PatternFactsCard } from "./patterns/pattern-facts-card";
import { PatternStateBadges } from "./patterns/pattern-state-badges";
import { PatternStateCard } from "./patterns/pattern-state-card";
import { PatternTemplateCard } from "./patterns/pattern-template-card";
import { PatternVersions } from "./patterns/pattern-versions";
import { SmartSuggestionsCard } from "./smart-suggestions/smart-suggestions-card";

const backLink = <AllPatternsLink />;

export function PatternDetailPage() {
  const { patternId = "" } = useParams();
  const user = useCurrentUser();
  const detail = useQuery(trpc.patterns.get.queryOptions({ id: patternId }));

  if (detail.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (detail.isError) {
    return (
      <>
        <PageHeader title="Pattern" actions={backLink} />
        <ErrorAlert title="Could not load the pattern" error={detail.error} />
      </>
    );
  }

  const { pattern } = detail.data;
  // Turning a pattern on, editing, rolling back and deleting it are admins' (the server enforces it too).
  const canAct = isAdmin(user);
  return (
    <>
      <PageHeader
        title={`${patternTypeLabels[pattern.type]} pattern`}
        description={`Version ${pattern.version} · ${pattern.createdFrom}`}
        actions={
          <Group gap="sm">
            <PatternStateBadges pattern={pattern} />
            {backLink}
          </Group>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <PatternTemplateCard pattern={pattern} canEdit={canAct && pattern.deletedAt === null} />
            <PatternExamples examples={detail.data.examples} />
            <PatternVersions pattern={pattern} versions={detail.data.versions} canAct={canAct} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <PatternStateCard pattern={pattern} canAct={canAct} />
            <SmartSuggestionsCard patternId={pattern.id} />
            <PatternFactsCard detail={detail.data} />
            <PatternPerformance patternId={pattern.id} />
            <PatternOutcomes patternId={pattern.id} canAct={canAct && pattern.deletedAt === null} />
            <ConfidenceHistory events={detail.data.confidenceHistory} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
