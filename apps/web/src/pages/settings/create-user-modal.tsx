import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { trpc, type Role } from "../../trpc";
import { MIN_PASSWORD_LENGTH } from "@playbook/core/password-policy";
import { isRole, roleOptions } from "./role-options";

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add a user" centered>
      {/* Mounted only while open, so each opening starts with an empty form. */}
      {opened && <CreateUserForm onDone={onClose} />}
    </Modal>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("operator");
  const [password, setPassword] = useState("");
  const [submitted, setSubmitted] = useState(false);

  const createUser = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: "green", message: `${name.trim()} can now sign in.` });
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onDone();
      },
    }),
  );

  const errors = {
    email: /^[^\s@]+@[^\s@]+$/.test(email.trim()) ? null : "Enter an email address",
    name: name.trim() === "" ? "Enter a name" : null,
    password:
      password.length < MIN_PASSWORD_LENGTH
        ? `Use at least ${MIN_PASSWORD_LENGTH} characters`
        : null,
  };

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (errors.email || errors.name || errors.password) return;
    createUser.mutate({ email: email.trim(), name: name.trim(), role, password });
  }

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="sm">
        {createUser.error && (
          <Alert color="red" title="User not created" icon={<IconAlertCircle />}>
            {describeError(createUser.error)}
          </Alert>
        )}
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={submitted ? errors.name : null}
        />
        <TextInput
          label="Email"
          type="email"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={submitted ? errors.email : null}
        />
        <Select
          label="Role"
          data={roleOptions}
          value={role}
          onChange={(value) => {
            if (isRole(value)) setRole(value);
          }}
          allowDeselect={false}
          description="Admins manage users and settings; operators handle conversations; viewers only look."
        />
        <PasswordInput
          label="Initial password"
          description="Share it privately; they can change it in Settings."
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={submitted ? errors.password : null}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={createUser.isPending}>
            Add user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
