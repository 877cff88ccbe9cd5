// What came of this pattern's replies (every reply it proposed or sent, measured 24 hours after): the operators'
// actions and the customers' answers, with a way to test another wording.
import { Button, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { formatPercent } from "../../format-number";
import { trpc } from "../../trpc";

const share = (part: number, whole: number) => formatPercent(whole === 0 ? null : part / whole);

export function PatternOutcomes({ patternId, canAct }: { patternId: string; canAct: boolean }) {
  const figures = useQuery(trpc.experiments.patternOutcomes.queryOptions({ patternId }));
  let body;
  if (figures.error) {
    body = <ErrorAlert title="Could not load the pattern's outcomes" error={figures.error} />;
  } else if (!figures.data) body = <Skeleton h={48} />;
  else {
    const f = figures.data;
    const items: [string, string][] = [
      ["Replies measured", String(f.replies)],
      ["Accepted as is", share(f.accepted, f.judged)],
      ["Edited", share(f.edited, f.judged)],
      ["Rejected", share(f.rejected, f.judged)],
      ["Asked again (24 h)", share(f.askedAgain, f.delivered)],
      ["Thanked", share(f.thanked, f.delivered)],
      ["Angry", share(f.angry, f.delivered)],
      ["Escalated (24 h)", share(f.escalated, f.delivered)],
    ];
    body = (
      <SimpleGrid cols={2} data-testid="pattern-outcomes">
        {items.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={600}>{value}</Text>
          </div>
        ))}
      </SimpleGrid>
    );
  }
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Outcomes of its replies
        </Title>
        {body}
        {canAct && (
          <Button component={Link} to={`/experiments?start=${patternId}`} variant="light" size="xs">
            Test another wording
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
