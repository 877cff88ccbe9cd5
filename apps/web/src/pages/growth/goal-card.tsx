// One goal: what to do and why (the evidence sentence with its counts), its checklist, the data gaps that would
// sharpen it, and its outcome. Operators tick items and record the outcome; viewers read.
import { Badge, Button, Checkbox, Group, List, Paper, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../error-alert";
import { formatScore } from "../../format-number";
import { canOperate, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import type { ContractorGoal } from "./growth-types";
import { OutcomeForm } from "./outcome-form";

const impactLabel: Record<string, string> = {
  positive: "positive",
  neutral: "neutral",
  negative: "negative",
  too_early: "too early to tell",
};

function Outcome({ outcome }: { outcome: NonNullable<ContractorGoal["outcome"]> }) {
  return (
    <Text size="sm" data-testid="goal-outcome">
      Outcome: {outcome.completed ? "completed" : "not completed"}
      {outcome.daysToCompletion !== null && ` in ${outcome.daysToCompletion} days`}
      {outcome.rating !== null && `, rated ${outcome.rating} of 5`}, revenue impact{" "}
      {impactLabel[outcome.revenueImpact]}.{outcome.whatWorked && ` Worked: ${outcome.whatWorked}.`}
      {outcome.whatDidNot && ` Did not: ${outcome.whatDidNot}.`}
    </Text>
  );
}

export function GoalCard({ goal }: { goal: ContractorGoal }) {
  const user = useCurrentUser();
  const operator = canOperate(user);
  const queryClient = useQueryClient();
  const [recording, setRecording] = useState(false);
  const tick = useMutation(
    trpc.growth.tickChecklist.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.growth.advice.pathKey() }),
    }),
  );
  return (
    <Paper withBorder radius="md" p="md" data-testid="growth-goal" opacity={goal.active ? 1 : 0.6}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{goal.description}</Text>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            {!goal.active && <Badge color="gray">no longer supported</Badge>}
            <Badge variant="light">priority {goal.priority}</Badge>
          </Group>
        </Group>
        <Text size="sm">Target: {goal.targetMilestone}</Text>
        <Text size="sm" c="dimmed">
          {goal.patternSource}. Evidence confidence {formatScore(goal.evidenceConfidence)}, match{" "}
          {formatScore(goal.matchScore)}.
        </Text>
        {tick.error && <ErrorAlert title="Not saved" error={tick.error} />}
        <Stack gap={6}>
          {goal.checklist.map((item) => (
            <Checkbox
              key={item.key}
              label={item.text}
              checked={item.done}
              disabled={!operator || tick.isPending}
              onChange={(e) =>
                tick.mutate({ goalId: goal.id, key: item.key, done: e.currentTarget.checked })
              }
            />
          ))}
        </Stack>
        {goal.dataGaps.length > 0 && (
          <>
            <Text size="sm" fw={500}>
              Would sharpen this:
            </Text>
            <List size="sm">
              {goal.dataGaps.map((gap) => (
                <List.Item key={gap}>{gap}</List.Item>
              ))}
            </List>
          </>
        )}
        {goal.outcome && <Outcome outcome={goal.outcome} />}
        {operator &&
          (recording ? (
            <OutcomeForm goalId={goal.id} onDone={() => setRecording(false)} />
          ) : (
            <Group>
              <Button size="xs" variant="light" onClick={() => setRecording(true)}>
                {goal.outcome ? "Change outcome" : "Record outcome"}
              </Button>
            </Group>
          ))}
      </Stack>
    </Paper>
  );
}
