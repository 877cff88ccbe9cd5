// Admins' list of everyone who can sign in, with role changes and disabling.
import {
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconUserPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../../describe-error";
import { formatDateTime } from "../../format-date-time";
import { useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import { CreateUserModal } from "./create-user-modal";
import { isRole, roleOptions } from "./role-options";
import { ErrorAlert } from "../../error-alert";

export function UserManagement() {
  const currentUser = useCurrentUser();
  const queryClient = useQueryClient();
  const [createOpened, createModal] = useDisclosure(false);
  const users = useQuery(trpc.users.list.queryOptions());
  const updateUser = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
      onError: (error) =>
        notifications.show({
          color: "red",
          title: "User not changed",
          message: describeError(error),
        }),
    }),
  );
  const pendingUserId = updateUser.isPending ? updateUser.variables.id : null;

  return (
    <Paper withBorder radius="md">
      <Group justify="space-between" px="lg" py="md">
        <div>
          <Title order={2} size="h4">
            Users
          </Title>
          <Text size="sm" c="dimmed">
            Everyone who can sign in to this Playbook. Disabled users cannot sign in.
          </Text>
        </div>
        <Button leftSection={<IconUserPlus size={16} />} onClick={createModal.open}>
          Add user
        </Button>
      </Group>

      {users.isPending && (
        <Group justify="center" p="xl">
          <Loader size="sm" />
        </Group>
      )}
      {users.isError && <ErrorAlert title="Could not load the users" error={users.error} m="md" />}
      {users.data && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th w={160}>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((user) => {
                // Admins cannot demote or disable themselves, so there is always one admin left.
                const isSelf = user.id === currentUser.id;
                const busy = pendingUserId === user.id;
                return (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {user.name}
                        {isSelf && (
                          <Text span size="xs" c="dimmed">
                            {" "}
                            (you)
                          </Text>
                        )}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{user.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Role of ${user.name}`}
                        size="xs"
                        data={roleOptions}
                        value={user.role}
                        allowDeselect={false}
                        disabled={isSelf || busy}
                        onChange={(value) => {
                          if (isRole(value) && value !== user.role) {
                            updateUser.mutate({ id: user.id, role: value });
                          }
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={user.disabled ? "red" : "green"}>
                        {user.disabled ? "Disabled" : "Active"}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={user.lastLoginAt ? undefined : "dimmed"}>
                        {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Never"}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Tooltip label="You cannot disable yourself" disabled={!isSelf}>
                        <Button
                          size="xs"
                          variant="default"
                          color={user.disabled ? undefined : "red"}
                          disabled={isSelf}
                          loading={busy}
                          onClick={() =>
                            updateUser.mutate({ id: user.id, disabled: !user.disabled })
                          }
                        >
                          {user.disabled ? "Enable" : "Disable"}
                        </Button>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateUserModal opened={createOpened} onClose={createModal.close} />
    </Paper>
  );
}
