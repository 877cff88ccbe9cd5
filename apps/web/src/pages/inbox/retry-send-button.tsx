// Resolves a reply whose send failed or was interrupted: send it again (an interrupted one is first looked up at
// OpenPhone, so it is never sent twice) or mark it handled when the operator dealt with it in OpenPhone.
import { Button, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconRefresh } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../../describe-error";
import { refreshReplyQueries } from "../../replies/refresh-reply-queries";
import { trpc } from "../../trpc";

export function RetrySendButton({ decisionId }: { decisionId: string }) {
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.automation.retrySend.mutationOptions({
      onSuccess: async (result) => {
        notifications.show(
          !result.ok
            ? { color: "red", title: "Still not sent", message: result.error }
            : "alreadyReceived" in result && result.alreadyReceived
              ? {
                  color: "green",
                  message: "OpenPhone already had this reply, so it was not sent again.",
                }
              : { color: "green", message: "The reply was sent." },
        );
        await refreshReplyQueries(queryClient);
      },
      onError: (error) =>
        notifications.show({ color: "red", title: "Retry failed", message: describeError(error) }),
    }),
  );
  const handled = useMutation(
    trpc.automation.markSendHandled.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: "green", message: "Marked handled; nothing was sent." });
        await refreshReplyQueries(queryClient);
      },
      onError: (error) =>
        notifications.show({ color: "red", title: "Not marked", message: describeError(error) }),
    }),
  );
  return (
    <Group gap="xs">
      <Button
        size="xs"
        variant="light"
        leftSection={<IconRefresh size={14} />}
        loading={retry.isPending}
        disabled={handled.isPending}
        onClick={() => retry.mutate({ decisionId })}
      >
        Retry send
      </Button>
      <Button
        size="xs"
        variant="subtle"
        leftSection={<IconCheck size={14} />}
        loading={handled.isPending}
        disabled={retry.isPending}
        onClick={() => handled.mutate({ decisionId })}
      >
        Mark handled
      </Button>
    </Group>
  );
}
