// Sends again a reply whose send failed; the decision keeps the reply until it goes out.
import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconRefresh } from "@tabler/icons-react";
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
          result.ok
            ? { color: "green", message: "The reply was sent." }
            : { color: "red", title: "Still not sent", message: result.error },
        );
        await refreshReplyQueries(queryClient);
      },
      onError: (error) =>
        notifications.show({ color: "red", title: "Retry failed", message: describeError(error) }),
    }),
  );
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRefresh size={14} />}
      loading={retry.isPending}
      onClick={() => retry.mutate({ decisionId })}
    >
      Retry send
    </Button>
  );
}
