// VIP and opted-out customers: operators add a VIP by phone (existing customers only) or remove one; only an admin
// clears an opt-out, with a reason kept in the audit log. Everyone can look and search by phone.
import {
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { ErrorAlert } from "../../error-alert";
import { canOperate, isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import { FlaggedCustomersTable, type FlaggedCustomerRow } from "./flagged-customers-table";

export function CustomerFlagsCard() {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [phone] = useDebouncedValue(search.trim(), 300);
  const [newVip, setNewVip] = useState("");
  const [clearing, setClearing] = useState<FlaggedCustomerRow | null>(null);
  const flagged = useQuery(trpc.customers.flagged.queryOptions(phone ? { phone } : {}));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
  const onError = (error: unknown) =>
    notifications.show({ color: "red", title: "Not changed", message: describeError(error) });
  const setFlags = useMutation(
    trpc.customers.setFlags.mutationOptions({
      onSuccess: async () => {
        setNewVip("");
        await refresh();
      },
      onError,
    }),
  );

  function addVip(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (newVip.trim() !== "") setFlags.mutate({ phone: newVip, isVip: true });
  }

  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={2} size="h4">
        Customers: VIP and opted out
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A person always answers VIPs. Nothing automated goes to a customer who opted out (texted
        STOP) until they text START or an admin clears it.
      </Text>
      <Group align="flex-end" mb="md">
        <TextInput
          label="Search by phone"
          placeholder="0101"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        {canOperate(user) && (
          <form onSubmit={addVip} aria-label="Add a VIP">
            <Group align="flex-end">
              <TextInput
                label="Add a VIP by phone"
                placeholder="+1 902 555 0101"
                value={newVip}
                onChange={(event) => setNewVip(event.currentTarget.value)}
              />
              <Button type="submit" loading={setFlags.isPending}>
                Add VIP
              </Button>
            </Group>
          </form>
        )}
      </Group>
      {setFlags.error && (
        <Text size="sm" c="red" mb="sm">
          {describeError(setFlags.error)}
        </Text>
      )}
      {flagged.isPending && <Loader size="sm" />}
      {flagged.isError && <ErrorAlert title="Could not load the customers" error={flagged.error} />}
      {flagged.data && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Stack gap="xs">
            <Text fw={500}>VIP ({flagged.data.vip.length})</Text>
            <FlaggedCustomersTable
              label="VIP customers"
              rows={flagged.data.vip}
              empty="No VIP customers."
              action={(row) =>
                canOperate(user) && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setFlags.mutate({ id: row.id, isVip: false })}
                  >
                    Remove VIP
                  </Button>
                )
              }
            />
          </Stack>
          <Stack gap="xs">
            <Text fw={500}>Opted out ({flagged.data.optedOut.length})</Text>
            <FlaggedCustomersTable
              label="Opted-out customers"
              rows={flagged.data.optedOut}
              empty="Nobody has opted out."
              action={(row) =>
                isAdmin(user) && (
                  <Button size="xs" variant="default" color="red" onClick={() => setClearing(row)}>
                    Clear opt-out
                  </Button>
                )
              }
            />
          </Stack>
        </SimpleGrid>
      )}
      <ClearOptOutModal customer={clearing} onClose={() => setClearing(null)} onCleared={refresh} />
    </Paper>
  );
}

function ClearOptOutModal({
  customer,
  onClose,
  onCleared,
}: {
  customer: FlaggedCustomerRow | null;
  onClose: () => void;
  onCleared: () => Promise<void>;
}) {
  const [reason, setReason] = useState("");
  const clear = useMutation(
    trpc.customers.clearOptOut.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: "green", message: "Opt-out cleared." });
        setReason("");
        onClose();
        await onCleared();
      },
    }),
  );
  return (
    <Modal opened={customer !== null} onClose={onClose} title="Clear an opt-out">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (customer) clear.mutate({ id: customer.id, reason });
        }}
      >
        <Stack>
          <Text size="sm">
            {customer?.name ?? customer?.phone} texted STOP or asked not to get automated texts. Say
            why that no longer holds; the reason is kept in the audit log.
          </Text>
          <Textarea
            label="Reason"
            required
            value={reason}
            error={clear.error ? describeError(clear.error) : undefined}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
          <Button type="submit" color="red" loading={clear.isPending}>
            Clear opt-out
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
