// The worker's suggestions where the admin works: on the Overview (all of them) and on a pattern's page (its own).
// Each says what it rests on; an admin applies or dismisses it, both recorded in the audit log.
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconBulb } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { describeError } from "../../describe-error";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { isAdmin, useCurrentUser } from "../../session";
import type { RouterOutputs } from "@playbook/api/router";
import { trpc } from "../../trpc";
import { refreshPatternQueries } from "../patterns/refresh-pattern-queries";

type Suggestion = RouterOutputs["smartSuggestions"]["list"][number];

const kindLabels: Record<Suggestion["kind"], { label: string; color: string; apply: string }> = {
  activate_pattern: { label: "Turn on", color: "green", apply: "Turn it on" },
  deactivate_pattern: { label: "Turn off", color: "red", apply: "Turn it off" },
  merge_patterns: { label: "Merge", color: "blue", apply: "Merge them" },
  pattern_anomaly: { label: "Jump", color: "orange", apply: "Acknowledge" },
};

/** What applying does, said before the click. */
function applyLabel(suggestion: Suggestion): string {
  if (suggestion.kind === "pattern_anomaly" && suggestion.evidence["metric"] === "escalations") {
    return "Stop auto-sending it";
  }
  return kindLabels[suggestion.kind].apply;
}

function evidenceLine(suggestion: Suggestion): string {
  const e = suggestion.evidence;
  switch (suggestion.kind) {
    case "activate_pattern":
      return `${String(e["answers"])} hand answers from ${String(e["customers"])} customers in ${String(e["days"])} days`;
    case "deactivate_pattern":
      return `${String(e["judged"])} judged proposals in ${String(e["days"])} days, none right`;
    case "merge_patterns":
      return `Kept: the one with ${String(e["keepExamples"])} examples; the other's ${String(e["mergeExamples"])} are copied to it`;
    case "pattern_anomaly":
      return `${String(e["observed"])} against ${Number(e["expected"]).toFixed(1)} expected from ${String(e["baselineWeeks"])} weeks of the same weekdays (p = ${Number(e["pValue"]).toExponential(1)})`;
  }
}

function SuggestionRow({ suggestion, canAct }: { suggestion: Suggestion; canAct: boolean }) {
  const queryClient = useQueryClient();
  const onSuccess = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.smartSuggestions.pathKey() }),
      refreshPatternQueries(queryClient),
    ]);
  };
  const onError = (error: unknown) =>
    notifications.show({
      color: "red",
      title: "Suggestion not changed",
      message: describeError(error),
    });
  const apply = useMutation(trpc.smartSuggestions.accept.mutationOptions({ onSuccess, onError }));
  const dismiss = useMutation(
    trpc.smartSuggestions.dismiss.mutationOptions({ onSuccess, onError }),
  );
  const busy = apply.isPending || dismiss.isPending;
  const kind = kindLabels[suggestion.kind];
  return (
    <Paper withBorder radius="sm" p="sm" data-testid="smart-suggestion">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge color={kind.color} variant="light" style={{ flexShrink: 0 }}>
            {kind.label}
          </Badge>
          <Text size="sm">{suggestion.title}</Text>
        </Group>
        <Text size="xs" c="dimmed">
          {evidenceLine(suggestion)} · noticed {formatDateTime(suggestion.createdAt)}
        </Text>
        <Group gap="xs">
          {suggestion.patternIds.map((id, i) => (
            <Anchor key={id} component={Link} to={`/patterns/${id}`} size="xs">
              {suggestion.patternIds.length > 1
                ? i === 0
                  ? "Kept pattern"
                  : "Merged pattern"
                : "Pattern"}
            </Anchor>
          ))}
          {canAct && (
            <Group gap="xs" ml="auto">
              <Button
                size="compact-sm"
                variant="default"
                disabled={busy}
                loading={dismiss.isPending}
                onClick={() => dismiss.mutate({ id: suggestion.id })}
              >
                Dismiss
              </Button>
              <Button
                size="compact-sm"
                disabled={busy}
                loading={apply.isPending}
                onClick={() => apply.mutate({ id: suggestion.id })}
              >
                {applyLabel(suggestion)}
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Open suggestions, all of them or one pattern's; nothing at all is shown when there are none for a pattern. */
export function SmartSuggestionsCard({ patternId }: { patternId?: string }) {
  const user = useCurrentUser();
  const canAct = isAdmin(user);
  const queryClient = useQueryClient();
  const list = useQuery(trpc.smartSuggestions.list.queryOptions(patternId ? { patternId } : {}));
  const lookAgain = useMutation(
    trpc.smartSuggestions.refresh.mutationOptions({
      onSuccess: (result) => {
        notifications.show({
          title: "Looked again",
          message: `${result.opened} new, ${result.expired} withdrawn`,
        });
        return queryClient.invalidateQueries({ queryKey: trpc.smartSuggestions.pathKey() });
      },
      onError: (error) =>
        notifications.show({
          color: "red",
          title: "Could not look again",
          message: describeError(error),
        }),
    }),
  );
  if (list.isError) return <ErrorAlert title="Could not load the suggestions" error={list.error} />;
  if (!list.data || (patternId && list.data.length === 0)) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid={patternId ? undefined : "smart-suggestions"}>
      <Stack gap="sm">
        <Group gap="xs">
          <IconBulb size={18} />
          <Title order={2} size="h5">
            Suggestions
          </Title>
          {canAct && !patternId && (
            <Button
              size="compact-sm"
              variant="subtle"
              ml="auto"
              loading={lookAgain.isPending}
              onClick={() => lookAgain.mutate()}
            >
              Look again now
            </Button>
          )}
        </Group>
        {list.data.length === 0 ? (
          <Alert variant="light" color="gray">
            Nothing to suggest right now. The worker looks every hour for patterns to turn on or
            off, patterns that say the same thing, and jumps in a pattern&apos;s traffic or
            escalations.
          </Alert>
        ) : (
          list.data.map((suggestion) => (
            <SuggestionRow key={suggestion.id} suggestion={suggestion} canAct={canAct} />
          ))
        )}
      </Stack>
    </Paper>
  );
}
