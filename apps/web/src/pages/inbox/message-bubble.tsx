// One message of a conversation: the customer's on the left, the business's on the right.
import { Badge, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { formatDateTime } from "../../format-date-time";
import type { ConversationMessage } from "../../reply-engine-types";

function authorOf(message: ConversationMessage, customerName: string | null): string {
  if (message.direction === "inbound") return customerName ?? "Customer";
  if (message.source === "playbook") return "Playbook (automatic)";
  if (message.source === "dashboard" && !message.sentByPlaybook) {
    return `${message.operatorName ?? "Operator"} (from Playbook)`;
  }
  if (message.source === "dashboard") return "Sent from the dashboard";
  // OpenPhone named a sender we could not put a name to: say so rather than guess.
  return message.operatorName ?? (message.providerUserId ? "OpenPhone user" : "Operator");
}

// Only operators' own replies are learned from; the badge says what became of this one.
const learnLabels = {
  pending: { label: "Learning soon", color: "gray" },
  learned: { label: "Learned", color: "teal" },
  voided: { label: "Not learned", color: "gray" },
  no_question: { label: "No question to learn", color: "gray" },
  superseded: { label: "Superseded", color: "gray" },
} as const;

export function MessageBubble({
  message,
  customerName,
  actions,
  children,
}: {
  message: ConversationMessage;
  customerName: string | null;
  /** Quick actions on the message, beside its author. */
  actions?: ReactNode;
  /** Shown under the message: the decision Playbook made for it. */
  children?: ReactNode;
}) {
  const inbound = message.direction === "inbound";
  const learn = message.learnState ? learnLabels[message.learnState] : null;
  return (
    <Stack gap={4} align={inbound ? "flex-start" : "flex-end"} data-testid="message">
      <Group gap={6}>
        <Text size="xs" fw={600}>
          {authorOf(message, customerName)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(message.sentAt)}
        </Text>
        {message.bodyTruncated && (
          <Tooltip label="Longer than an SMS can be: stored cut at 1,600 characters" withArrow>
            <Badge size="xs" variant="light" color="orange">
              Cut at 1,600 characters
            </Badge>
          </Tooltip>
        )}
        {message.direction === "outbound" && message.providerStatus === "failed" && (
          <Badge size="xs" variant="light" color="red">
            Not sent
          </Badge>
        )}
        {learn && (
          <Tooltip label={message.learnNote ?? learn.label} withArrow>
            <Badge size="xs" variant="light" color={learn.color}>
              {learn.label}
            </Badge>
          </Tooltip>
        )}
        {actions}
      </Group>
      <Paper
        px="md"
        py="xs"
        radius="lg"
        maw="80%"
        bg={inbound ? "white" : "indigo.0"}
        withBorder={inbound}
      >
        <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
          {message.body}
        </Text>
      </Paper>
      {children}
    </Stack>
  );
}
