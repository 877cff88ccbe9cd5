// Quick actions on one of the business's replies, automatic ones included: "this reply was wrong" (lowers its
// pattern, and learns the right answer when given), "mark as gold standard", and "make a pattern from this"
// (the pattern form, prefilled with the customer's question and this reply).
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDots, IconStar, IconThumbDown, IconWand } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { describeError } from "../../describe-error";
import { formatPercent } from "../../format-number";
import { refreshReplyQueries } from "../../replies/refresh-reply-queries";
import { trpc } from "../../trpc";
import { createPatternLink } from "../patterns/create-pattern-link";

export function ReplyActions({
  messageId,
  replyText,
  questionText,
}: {
  messageId: string;
  replyText: string;
  /** The customer's message this reply answered, if any: the new pattern's question. */
  questionText: string | null;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [reporting, setReporting] = useState(false);
  const [rightAnswer, setRightAnswer] = useState("");

  const report = useMutation(
    trpc.conversations.reportWrongReply.mutationOptions({
      onSuccess: async (result) => {
        setReporting(false);
        setRightAnswer("");
        notifications.show({
          color: "green",
          message: !result.applied
            ? "Already reported: nothing changed."
            : `Reported. Its pattern went from ${formatPercent(result.confidence?.old ?? 0)} to ${formatPercent(result.confidence?.new ?? 0)} sure${result.learnedExampleId ? "; the right answer was learned" : ""}.`,
        });
        await refreshReplyQueries(queryClient);
      },
    }),
  );
  const gold = useMutation(
    trpc.conversations.markReplyGold.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: "green", message: "Kept as a model answer (gold standard)." });
        await refreshReplyQueries(queryClient);
      },
      onError: (error) =>
        notifications.show({ color: "red", title: "Not marked", message: describeError(error) }),
    }),
  );

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" size="sm" color="gray" aria-label="Actions on this reply">
            <IconDots size={14} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconThumbDown size={14} />} onClick={() => setReporting(true)}>
            This reply was wrong…
          </Menu.Item>
          <Menu.Item
            leftSection={<IconStar size={14} />}
            disabled={gold.isPending}
            onClick={() => {
              if (!gold.isPending) gold.mutate({ messageId, gold: true });
            }}
          >
            Mark as gold standard
          </Menu.Item>
          <Menu.Item
            leftSection={<IconWand size={14} />}
            onClick={() =>
              void navigate(createPatternLink({ question: questionText ?? "", reply: replyText }))
            }
          >
            Make a pattern from this
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={reporting}
        onClose={() => setReporting(false)}
        title="This reply was wrong"
        size="lg"
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            // A second click while the first is on its way sends nothing (the server also applies it once).
            if (report.isPending) return;
            const text = rightAnswer.trim();
            report.mutate({ messageId, ...(text ? { correctReply: text } : {}) });
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              “{replyText}”
            </Text>
            <Text size="sm">
              Its pattern becomes less sure, as when a suggestion is rejected. If you write what
              should have been said, Playbook learns it.
            </Text>
            <Textarea
              label="The right answer (optional)"
              autosize
              minRows={2}
              maxLength={1600}
              value={rightAnswer}
              onChange={(event) => setRightAnswer(event.currentTarget.value)}
            />
            {report.error && (
              <Text size="sm" c="red">
                {describeError(report.error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="subtle" onClick={() => setReporting(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={report.isPending}>
                Report wrong reply
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
