// The composer under a conversation: write a reply, or start from the one Playbook proposed, and send it through
// OpenPhone. Started from a proposal, sending is an edit of that proposal (the pattern learns from the change, or
// an unchanged text is an accept); written from scratch, it is the operator's own reply, learned as a reply typed
// in OpenPhone is. Enter sends, Shift+Enter starts a new line, Esc leaves the composer.
import { Alert, Button, Group, Kbd, Stack, Text, Textarea } from "@mantine/core";
import { IconAlertCircle, IconSend, IconSparkles } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { templateVariablesIn } from "@playbook/core/placeholders";
import { useImperativeHandle, useRef, useState, type Ref } from "react";
import { describeError } from "../../describe-error";
import { trpcClient } from "../../trpc";
import { sendReview } from "../../replies/send-review";
import { describeReviewResult, type ReviewSummary } from "../../replies/describe-review-result";
import { newRequestId } from "./request-id";

const MAX_REPLY_LENGTH = 1600;

/** The proposal a reply can start from. */
export interface Proposal {
  decisionId: string;
  text: string;
}

export interface ComposerHandle {
  /** Puts the proposed reply in the composer and focuses it. */
  startFromProposal(): void;
  focus(): void;
}

export function ReplyComposer({
  conversationId,
  proposal,
  optedOut,
  onSent,
  ref,
}: {
  conversationId: string;
  proposal: Proposal | null;
  optedOut: boolean;
  /** After the reply went out (or the review was recorded); the summary says what happened. */
  onSent: (summary: ReviewSummary) => void;
  ref?: Ref<ComposerHandle>;
}) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [basis, setBasis] = useState<Proposal | null>(null);
  // One id per reply: a second click, or a retry of a lost answer, is recognised by the server.
  const [requestId, setRequestId] = useState(newRequestId);

  const startFromProposal = () => {
    if (!proposal) return;
    setBasis(proposal);
    setText(proposal.text);
    // Focused now, in the key's own event: the operator's next keys go into the reply.
    textarea.current?.focus();
  };
  useImperativeHandle(ref, () => ({
    startFromProposal,
    focus: () => textarea.current?.focus(),
  }));

  const send = useMutation({
    mutationFn: async (reply: string): Promise<ReviewSummary> => {
      if (basis && proposal?.decisionId === basis.decisionId) {
        const review =
          reply === basis.text
            ? ({ action: "approve" } as const)
            : ({ action: "edit", text: reply } as const);
        const target = { kind: "suggestion", decisionId: basis.decisionId } as const;
        return describeReviewResult(review, await sendReview(target, review));
      }
      const result = await trpcClient.conversations.reply.mutate({
        conversationId,
        requestId,
        text: reply,
      });
      if (result.status === "failed") throw new Error(result.error);
      return { ok: true, color: "green", title: "Reply sent", message: "" };
    },
    onSuccess: (summary) => {
      setText("");
      setBasis(null);
      onSent(summary);
    },
    // Whatever happened, the next attempt is a new reply (a failed one stays in the thread as failed).
    onSettled: () => setRequestId(newRequestId()),
  });

  const reply = text.trim();
  const unfilled = templateVariablesIn(reply)[0];
  const blocked = optedOut
    ? "The customer opted out (STOP): nothing can be sent until they text START."
    : unfilled
      ? `Fill in {{${unfilled}}} before sending.`
      : null;
  const submit = () => {
    if (reply !== "" && !blocked && !send.isPending) send.mutate(reply);
  };

  return (
    <Stack gap="xs" data-testid="composer">
      {send.error && (
        <Alert color="red" title="Not sent" icon={<IconAlertCircle />}>
          {describeError(send.error)}
        </Alert>
      )}
      <Textarea
        ref={textarea}
        aria-label="Reply"
        placeholder={optedOut ? "The customer opted out" : "Write a reply…"}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={MAX_REPLY_LENGTH}
        disabled={optedOut}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          if (event.currentTarget.value === "") setBasis(null);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            submit();
          } else if (event.key === "Escape") {
            event.currentTarget.blur();
          }
        }}
      />
      {blocked && reply !== "" && (
        <Text size="xs" c="red" role="alert">
          {blocked}
        </Text>
      )}
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {basis ? "Editing Playbook's proposed reply. " : ""}
          <Kbd size="xs">Enter</Kbd> sends · <Kbd size="xs">Shift</Kbd>+<Kbd size="xs">Enter</Kbd>{" "}
          new line · {reply.length}/{MAX_REPLY_LENGTH}
        </Text>
        <Group gap="xs">
          {proposal && !basis && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconSparkles size={14} />}
              disabled={optedOut}
              onClick={startFromProposal}
            >
              Start from the proposed reply
            </Button>
          )}
          <Button
            size="xs"
            leftSection={<IconSend size={14} />}
            loading={send.isPending}
            disabled={reply === "" || blocked !== null}
            onClick={submit}
          >
            Send
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
