// Under a customer message: what Playbook decided, in plain words, and what came of it. Admins can open the
// full trace (scores, gates, candidates) with one click. The actions on a waiting proposal sit in the review bar.
import { Anchor, Button, Collapse, Group, Paper, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronUp } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatDateTime } from "../../format-date-time";
import { describeProbability, formatScore } from "../../format-number";
import type { ConversationDecision } from "../../reply-engine-types";
import { DecisionModeBadge } from "../../replies/decision-mode-badge";
import { DecisionOutcomeBadge } from "../../replies/decision-outcome-badge";
import { describeDecision } from "../../replies/describe-decision";
import { DecisionTrace } from "../../replies/decision-trace";
import { RetrySendButton } from "./retry-send-button";

const reviewLabels = { approved: "Approved", modified: "Edited", rejected: "Rejected" } as const;

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Text size="xs" c="dimmed">
      {label}{" "}
      <Text span size="xs" ff="monospace" c="dark">
        {value}
      </Text>
    </Text>
  );
}

export function DecisionPanel({
  decision,
  canAct,
  showTrace,
}: {
  decision: ConversationDecision;
  canAct: boolean;
  /** Admins see the figures and the whole trace, one click away. */
  showTrace: boolean;
}) {
  const [traceOpen, trace] = useDisclosure(false);

  return (
    <Paper withBorder radius="md" p="sm" maw="80%" w="100%" bg="gray.0" data-testid="decision">
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <DecisionModeBadge mode={decision.mode} />
          {decision.outcome !== "none" && <DecisionOutcomeBadge outcome={decision.outcome} />}
          {decision.patternId && (
            <Anchor component={Link} to={`/patterns/${decision.patternId}`} size="xs">
              Pattern
            </Anchor>
          )}
        </Group>
        <Text size="sm" data-testid="decision-summary">
          {describeDecision(decision)}
        </Text>

        {decision.proposedReply && (
          <Text size="sm">
            <Text span size="xs" c="dimmed">
              Proposed reply:{" "}
            </Text>
            {decision.proposedReply}
          </Text>
        )}
        {decision.review && (
          <Text size="xs" c="dimmed">
            {reviewLabels[decision.review]} {formatDateTime(decision.reviewedAt)}
            {decision.reviewReason && `: ${decision.reviewReason}`}
            {decision.modifiedReply && ` — sent instead: “${decision.modifiedReply}”`}
          </Text>
        )}
        {decision.outcome === "send_failed" && (
          <Group gap="xs">
            <Text size="xs" c="red">
              {decision.sendError ?? "The send failed."}
            </Text>
            {canAct && <RetrySendButton decisionId={decision.id} />}
          </Group>
        )}

        {showTrace && (
          <div>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={trace.toggle}
              rightSection={traceOpen ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
              aria-expanded={traceOpen}
            >
              {traceOpen ? "Hide decision trace" : "Show decision trace"}
            </Button>
            <Collapse expanded={traceOpen}>
              <Paper p="sm" mt="xs" radius="md" withBorder bg="white">
                <Stack gap="xs">
                  <Group gap="sm" wrap="wrap">
                    {decision.intendedMode && decision.intendedMode !== decision.mode && (
                      <Figure label="pattern's trust alone" value={decision.intendedMode} />
                    )}
                    <Figure label="probability" value={describeProbability(decision.probability)} />
                    <Figure label="score" value={formatScore(decision.matchScore)} />
                    <Figure label="margin" value={formatScore(decision.margin)} />
                    <Figure label="confidence" value={formatScore(decision.confidence)} />
                  </Group>
                  {decision.experimentId && (
                    <Text size="xs" data-testid="decision-variant">
                      A/B test: this customer gets the wording{" "}
                      <Anchor
                        component={Link}
                        to={`/experiments/${decision.experimentId}`}
                        size="xs"
                      >
                        “{decision.variantName ?? "a stopped variant"}”
                      </Anchor>
                    </Text>
                  )}
                  <DecisionTrace gates={decision.gates} candidates={decision.candidates} />
                </Stack>
              </Paper>
            </Collapse>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
