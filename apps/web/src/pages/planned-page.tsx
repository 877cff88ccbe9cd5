// Honest placeholders for sections whose modules are not built yet: what the page will do, and what
// it arrives with. No sample data.
import { Badge, EmptyState, Paper, Text } from "@mantine/core";
import { IconHistory, type Icon } from "@tabler/icons-react";
import { PageHeader } from "../page-header";

interface PlannedPageContent {
  title: string;
  icon: Icon;
  purpose: string;
  arrivesWith: string;
}

export const plannedPages = {
  replay: {
    title: "Replay",
    icon: IconHistory,
    purpose:
      "Runs past conversations through the current patterns and shows what automation would have done, with coverage and precision measured on real history before anyone turns automation on.",
    arrivesWith: "history replay",
  },
} satisfies Record<string, PlannedPageContent>;

export function PlannedPage({ content }: { content: PlannedPageContent }) {
  const PageIcon = content.icon;
  return (
    <>
      <PageHeader
        title={content.title}
        actions={
          <Badge variant="light" color="gray" size="lg">
            Not built yet
          </Badge>
        }
      />
      <Paper withBorder p="xl" radius="md">
        <EmptyState
          icon={<PageIcon size={28} stroke={1.5} />}
          variant="light"
          title={`${content.title} is not available yet`}
          description={content.purpose}
          maw={560}
          mx="auto"
        >
          <Text size="sm" c="dimmed" ta="center" mt="sm">
            This page arrives with {content.arrivesWith}.
          </Text>
        </EmptyState>
      </Paper>
    </>
  );
}

/** The Replay section's placeholder, as a page of its own (routes load pages by name). */
export function ReplayPlannedPage() {
  return <PlannedPage content={plannedPages.replay} />;
}
