// One conversation as a thread, each customer message with the decision Playbook made for it.
import { Badge, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { CustomerBadges } from "../../replies/customer-badges";
import type { ReviewSummary } from "../../replies/describe-review-result";
import { refreshReplyQueries } from "../../replies/refresh-reply-queries";
import { ReviewResultAlert } from "../../replies/review-result-alert";
import type { ConversationDecision } from "../../reply-engine-types";
import { canOperate, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import { DecisionPanel } from "./decision-panel";
import { MessageBubble } from "./message-bubble";
import { ReplyComposer, type Proposal } from "./reply-composer";

const REFRESH_MS = 10_000;

export function ConversationView({ id }: { id: string }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<ReviewSummary | null>(null);
  const conversation = useQuery(
    trpc.conversations.get.queryOptions({ id }, { refetchInterval: REFRESH_MS }),
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
  const proposal = latestProposal(decisions);

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="xs">
            <Title order={2} size="h4">
              {customer.name ?? customer.phone}
            </Title>
            <CustomerBadges isVip={customer.isVip} optedOut={customer.optedOut} />
          </Group>
          <Text size="xs" c="dimmed">
            {customer.name && `${customer.phone} · `}started {formatDateTime(startedAt)}
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
        {messages.map((message) => {
          const decision = decisionByMessage.get(message.id);
          return (
            <MessageBubble key={message.id} message={message} customerName={customer.name}>
              {decision && (
                <DecisionPanel
                  decision={decision}
                  canAct={canOperate(user)}
                  onReviewed={setResult}
                />
              )}
            </MessageBubble>
          );
        })}
      </Stack>

      {canOperate(user) && (
        <Paper mt="md" pt="md" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
          <ReplyComposer
            conversationId={id}
            proposal={proposal}
            optedOut={customer.optedOut}
            onSent={(summary) => {
              setResult(summary);
              void refreshReplyQueries(queryClient);
            }}
          />
        </Paper>
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
