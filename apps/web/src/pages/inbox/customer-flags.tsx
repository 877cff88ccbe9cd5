// The customer's flags, set from the conversation: VIP (a person always answers them) and opted out (nothing
// automated is sent, as after STOP). Every change is audited on the server; asking twice changes nothing.
import { Group, Switch } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../../describe-error";
import { refreshReplyQueries } from "../../replies/refresh-reply-queries";
import { trpc } from "../../trpc";

export function CustomerFlags({
  customer,
}: {
  customer: { id: string; isVip: boolean; optedOut: boolean };
}) {
  const queryClient = useQueryClient();
  const flags = useMutation(
    trpc.customers.setFlags.mutationOptions({
      onSuccess: () => refreshReplyQueries(queryClient),
      onError: (error) =>
        notifications.show({ color: "red", title: "Not changed", message: describeError(error) }),
    }),
  );
  const set = (change: { isVip?: boolean; optedOut?: boolean }) => {
    if (!flags.isPending) flags.mutate({ id: customer.id, ...change });
  };
  return (
    <Group gap="md" mt={4}>
      <Switch
        size="xs"
        label="VIP: always a person"
        checked={customer.isVip}
        disabled={flags.isPending}
        onChange={(event) => set({ isVip: event.currentTarget.checked })}
      />
      <Switch
        size="xs"
        color="red"
        label="Opted out"
        checked={customer.optedOut}
        // Clearing an opt-out is an admin's, with a reason, on the Settings page.
        disabled={flags.isPending || customer.optedOut}
        onChange={(event) => set({ optedOut: event.currentTarget.checked })}
      />
    </Group>
  );
}
