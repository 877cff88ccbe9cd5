import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";
import { MIN_PASSWORD_LENGTH } from "@playbook/core/password-policy";

export function ChangePasswordCard({ email }: { email: string }) {
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [submitted, setSubmitted] = useState(false);

  const changePassword = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async () => {
        setCurrentPassword("");
        setNewPassword("");
        setConfirmation("");
        setSubmitted(false);
        notifications.show({ color: "green", message: "Your password has been changed." });
        // The server may rotate the session on a password change; pick up its current CSRF token.
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );

  const tooShort = newPassword.length < MIN_PASSWORD_LENGTH;
  const mismatch = newPassword !== confirmation;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (currentPassword === "" || tooShort || mismatch) return;
    changePassword.mutate({ currentPassword, newPassword });
  }

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md" maw={420}>
        <div>
          <Title order={2} size="h4">
            Password
          </Title>
          <Text size="sm" c="dimmed">
            At least {MIN_PASSWORD_LENGTH} characters. A passphrase of a few words works well.
          </Text>
        </div>
        {changePassword.error && (
          <Alert color="red" title="Password not changed" icon={<IconAlertCircle />}>
            {describeError(changePassword.error)}
          </Alert>
        )}
        <form onSubmit={handleSubmit} noValidate>
          {/* Lets password managers file the new password under the right account. */}
          <input type="email" autoComplete="username" value={email} readOnly hidden />
          <Stack gap="sm">
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.currentTarget.value)}
              error={submitted && currentPassword === "" ? "Enter your current password" : null}
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
              error={
                submitted && tooShort ? `Use at least ${MIN_PASSWORD_LENGTH} characters` : null
              }
            />
            <PasswordInput
              label="Repeat new password"
              autoComplete="new-password"
              required
              value={confirmation}
              onChange={(event) => setConfirmation(event.currentTarget.value)}
              error={submitted && mismatch ? "The two passwords differ" : null}
            />
            <Group>
              <Button type="submit" loading={changePassword.isPending}>
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
