// Under a customer message: what Playbook decided and why, what came of it, and for a reply waiting for an
// operator, the actions to settle it.
import { Anchor, Button, Collapse, Group, Paper, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronUp } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatDateTime } from "../../format-date-time";
import { describeProbability, formatScore } from "../../format-number";
import type { ConversationDecision } from "../../reply-engine-types";
import { DecisionModeBadge } from "../../replies/decision-mode-badge";
import { DecisionOutcomeBadge } from "../../replies/decision-outcome-badge";
import { DecisionTrace } from "../../replies/decision-trace";
import type { ReviewSummary } from "../../replies/describe-review-result";
import { ReviewActions } from "../../replies/review-actions";
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
  onReviewed,
}: {
  decision: ConversationDecision;
  canAct: boolean;
  onReviewed: (summary: ReviewSummary) => void;
}) {
  const [traceOpen, trace] = useDisclosure(false);
  const awaitingReview =
    decision.outcome === "pending" && (decision.mode === "suggest" || decision.mode === "queue");

  return (
    <Paper withBorder radius="md" p="sm" maw="80%" w="100%" bg="gray.0" data-testid="decision">
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <DecisionModeBadge mode={decision.mode} />
          {decision.intendedMode && decision.intendedMode !== decision.mode && (
            <Text size="xs" c="dimmed">
              pattern&apos;s trust alone: {decision.intendedMode}
            </Text>
          )}
          {decision.patternId && (
            <Anchor component={Link} to={`/patterns/${decision.patternId}`} size="xs">
              Pattern
            </Anchor>
          )}
          {decision.matchScore !== null && (
            <Figure label="probability" value={describeProbability(decision.probability)} />
          )}
          <Figure label="score" value={formatScore(decision.matchScore)} />
          <Figure label="margin" value={formatScore(decision.margin)} />
          <Figure label="confidence" value={formatScore(decision.confidence)} />
          {decision.outcome !== "none" && <DecisionOutcomeBadge outcome={decision.outcome} />}
        </Group>

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
        {awaitingReview && decision.proposedReply && canAct && (
          <ReviewActions
            target={{ kind: "suggestion", decisionId: decision.id }}
            proposedReply={decision.proposedReply}
            approveLabel="Accept"
            onReviewed={onReviewed}
          />
        )}

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
              <DecisionTrace gates={decision.gates} candidates={decision.candidates} />
            </Paper>
          </Collapse>
        </div>
      </Stack>
    </Paper>
  );
}
