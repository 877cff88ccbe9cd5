// What Playbook would do with the tested message: the mode, the reply, and the whole trace behind them.
import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "react-router";
import { describeProbability, formatScore } from "../../format-number";
import type { DryRunResult } from "../../reply-engine-types";
import { DecisionModeBadge, decisionModeLabels } from "../../replies/decision-mode-badge";
import { DecisionTrace } from "../../replies/decision-trace";

export function PlaygroundResult({ result }: { result: DryRunResult }) {
  const failedGates = result.gates.filter((gate) => !gate.passed);
  return (
    <Paper withBorder radius="md" p="md" data-testid="playground-result">
      <Stack gap="md">
        <Group gap="sm" wrap="wrap">
          <Title order={2} size="h4">
            Decision
          </Title>
          <DecisionModeBadge mode={result.mode} size="lg" />
          {result.intendedMode !== result.mode && (
            <Text size="sm" c="dimmed">
              the pattern&apos;s trust alone would give{" "}
              <strong>{decisionModeLabels[result.intendedMode].label}</strong>
            </Text>
          )}
          {result.matchScore !== null && (
            <Text size="sm" data-testid="probability">
              Playbook is <strong>{describeProbability(result.probability)}</strong> that this is
              the reply an operator would send
            </Text>
          )}
          <Text size="sm" c="dimmed">
            score{" "}
            <Text span ff="monospace">
              {formatScore(result.matchScore)}
            </Text>{" "}
            · margin{" "}
            <Text span ff="monospace">
              {formatScore(result.margin)}
            </Text>
          </Text>
          <Badge variant="outline" color="gray">
            {result.customerKnown ? "Known customer" : "Unknown customer"}
          </Badge>
        </Group>

        {result.pattern && (
          <Text size="sm">
            Pattern:{" "}
            <Anchor component={Link} to={`/patterns/${result.pattern.id}`}>
              {result.pattern.triggerText}
            </Anchor>{" "}
            <Text span size="xs" c="dimmed">
              (confidence {formatScore(result.pattern.confidence)})
            </Text>
          </Text>
        )}

        <div>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
            Proposed reply
          </Text>
          {result.proposedReply ? (
            <Paper bg="indigo.0" radius="md" px="md" py="xs">
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="proposed-reply">
                {result.proposedReply}
              </Text>
            </Paper>
          ) : (
            <Text size="sm" c="dimmed">
              No reply would be proposed.
            </Text>
          )}
        </div>

        {result.variant && (
          <Text size="sm" data-testid="experiment-variant">
            Experiment “{result.variant.experimentName}”: wording{" "}
            <Badge component="span" variant="light" tt="none">
              {result.variant.variantName}
            </Badge>{" "}
            ({result.variant.detail})
          </Text>
        )}
        {result.unresolvedVariables.length > 0 && (
          <Alert color="yellow" icon={<IconAlertTriangle />} title="Unfilled variables">
            {result.unresolvedVariables.map((name) => `{{${name}}}`).join(", ")} could not be
            filled, so this reply would never be sent automatically.
          </Alert>
        )}
        {result.escalation.escalate && (
          <Alert color="red" icon={<IconAlertTriangle />} title="A person must answer">
            {result.escalation.reasons.join("; ")}
          </Alert>
        )}
        {failedGates.length > 0 && (
          <Text size="sm">
            Failed gates:{" "}
            {failedGates.map((gate) => (
              <Badge key={gate.gate} component="span" mr={4} color="red" variant="light" tt="none">
                {gate.gate}
              </Badge>
            ))}
          </Text>
        )}

        <DecisionTrace gates={result.gates} candidates={result.candidates} />
      </Stack>
    </Paper>
  );
}
