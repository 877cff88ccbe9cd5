// One conversation as a thread, each customer message with the decision Playbook made for it, then the waiting
// proposal's review bar and the composer. Keys (outside text fields): a accept, e edit, r reject, Enter reply.
import { Anchor, Badge, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import type { ConversationDecision } from "../../reply-engine-types";
import { CustomerBadges } from "../../replies/customer-badges";
import { describeReviewResult, type ReviewSummary } from "../../replies/describe-review-result";
import { ReviewResultAlert } from "../../replies/review-result-alert";
import { sendReview, type Review } from "../../replies/send-review";
import { canOperate, isAdmin, useCurrentUser } from "../../session";
import { usePollingFallback } from "../../live/live-connection";
import { trpc } from "../../trpc";
import { DecisionPanel } from "./decision-panel";
import { CustomerFlags } from "./customer-flags";
import { MessageBubble } from "./message-bubble";
import { ReplyActions } from "./reply-actions";
import { ReplyComposer, type ComposerHandle, type Proposal } from "./reply-composer";
import { ReviewBar } from "./review-bar";
import { useKeys } from "../../use-keys";

const REFRESH_MS = 10_000;

export function ConversationView({
  id,
  onDone,
}: {
  id: string;
  /** After an action that answered or settled the conversation: the inbox moves on. */
  onDone: (summary: ReviewSummary) => void;
}) {
  const user = useCurrentUser();
  const composer = useRef<ComposerHandle>(null);
  const [result, setResult] = useState<ReviewSummary | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const refreshMs = usePollingFallback(REFRESH_MS);
  const conversation = useQuery(
    trpc.conversations.get.queryOptions({ id }, { refetchInterval: refreshMs }),
  );
  const proposal = conversation.data ? latestProposal(conversation.data.decisions) : null;
  const canAct = canOperate(user);

  const review = useMutation({
    mutationFn: ({ decisionId, request }: { decisionId: string; request: Review }) =>
      sendReview({ kind: "suggestion", decisionId }, request),
    onSuccess: (answer, { request }) => finish(describeReviewResult(request, answer)),
  });
  const finish = (summary: ReviewSummary) => {
    setRejecting(false);
    // A failed send stays on screen with its conversation; anything else moves on to the next one.
    if (summary.ok) onDone(summary);
    else setResult(summary);
  };
  const act = (request: Review) => {
    if (proposal && !review.isPending) review.mutate({ decisionId: proposal.decisionId, request });
  };

  useKeys(
    canAct
      ? {
          ...(proposal
            ? {
                a: () => act({ action: "approve" }),
                e: () => composer.current?.startFromProposal(),
                r: () => setRejecting(true),
              }
            : {}),
          Enter: () => composer.current?.focus(),
        }
      : {},
  );

  if (conversation.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (conversation.isError) {
    return <ErrorAlert title="Could not load the conversation" error={conversation.error} />;
  }

  const { customer, messages, decisions } = conversation.data;
  const { status, startedAt, escalatedAt, endReason } = conversation.data.conversation;
  const decisionByMessage = new Map(decisions.map((decision) => [decision.messageId, decision]));

  return (
    <Paper withBorder radius="md" p="md" data-testid="conversation">
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="xs">
            <Title order={2} size="h4">
              {customer.name ?? customer.phone}
            </Title>
            <CustomerBadges isVip={customer.isVip} optedOut={customer.optedOut} />
          </Group>
          {canAct && <CustomerFlags customer={customer} />}
          <Text size="xs" c="dimmed">
            {customer.name && `${customer.phone} · `}started {formatDateTime(startedAt)} ·{" "}
            <Anchor
              component={Link}
              size="xs"
              to={`/inbox?view=all&phone=${encodeURIComponent(customer.phone)}`}
            >
              All conversations with this customer
            </Anchor>
          </Text>
        </div>
        <Group gap={4}>
          {escalatedAt && (
            <Badge color="red" variant="light">
              Escalated
            </Badge>
          )}
          <Badge color={status === "open" ? "green" : "gray"} variant="light">
            {status === "open"
              ? "Open"
              : `Closed${endReason ? ` (${endReason.replace("_", " ")})` : ""}`}
          </Badge>
        </Group>
      </Group>

      {result && <ReviewResultAlert summary={result} onClose={() => setResult(null)} />}

      <Stack gap="md" mt={result ? "md" : 0} aria-label="Messages">
        {messages.length === 0 && (
          <Text c="dimmed" size="sm">
            No messages yet.
          </Text>
        )}
        {messages.map((message, index) => {
          const decision = decisionByMessage.get(message.id);
          const question = messages.slice(0, index).findLast((m) => m.direction === "inbound");
          return (
            <MessageBubble
              key={message.id}
              message={message}
              customerName={customer.name}
              actions={
                canAct && message.direction === "outbound" ? (
                  <ReplyActions
                    messageId={message.id}
                    replyText={message.body}
                    questionText={question?.body ?? null}
                  />
                ) : null
              }
            >
              {decision && (
                <DecisionPanel decision={decision} canAct={canAct} showTrace={isAdmin(user)} />
              )}
            </MessageBubble>
          );
        })}
      </Stack>

      {canAct && (
        <Stack
          gap="sm"
          mt="md"
          pt="md"
          style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}
        >
          {proposal && (
            <ReviewBar
              proposal={proposal}
              busy={review.isPending}
              error={review.error}
              rejecting={rejecting}
              onAccept={() => act({ action: "approve" })}
              onEdit={() => composer.current?.startFromProposal()}
              onStartReject={() => setRejecting(true)}
              onReject={(reason) => act({ action: "reject", reason })}
              onCancelReject={() => setRejecting(false)}
            />
          )}
          <ReplyComposer
            ref={composer}
            conversationId={id}
            proposal={proposal}
            optedOut={customer.optedOut}
            onSent={finish}
          />
        </Stack>
      )}
    </Paper>
  );
}

/** The newest proposed reply still waiting for an operator, if any. */
export function latestProposal(decisions: ConversationDecision[]): Proposal | null {
  const waiting = decisions.filter(
    (d) =>
      d.outcome === "pending" &&
      !d.review &&
      (d.mode === "suggest" || d.mode === "queue") &&
      d.proposedReply !== null,
  );
  const last = waiting[waiting.length - 1];
  return last?.proposedReply ? { decisionId: last.id, text: last.proposedReply } : null;
}
