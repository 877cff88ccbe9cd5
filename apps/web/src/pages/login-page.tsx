import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconClockPause, IconPlayerPlay } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Navigate, useLocation } from "react-router";
import { describeError } from "../describe-error";
import { readReturnPath } from "../return-path";
import { FullPageLoader, useSessionQuery } from "../session";
import { isTRPCClientError, startSession, trpc } from "../trpc";

export function LoginPage() {
  const location = useLocation();
  const session = useSessionQuery();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      // Storing the session re-renders this page, which then redirects into the app.
      onSuccess: (newSession) => startSession(newSession),
    }),
  );

  if (session.data) return <Navigate to={readReturnPath(location.state)} replace />;
  if (session.isPending) return <FullPageLoader />;

  const rateLimited =
    isTRPCClientError(login.error) && login.error.data?.code === "TOO_MANY_REQUESTS";

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  }

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" radius="lg" p="xl" w="100%" maw={400}>
        <Stack gap="lg">
          <Group gap="sm">
            <ThemeIcon size={36} radius="md" variant="filled">
              <IconPlayerPlay size={20} />
            </ThemeIcon>
            <div>
              <Text fw={700} size="lg" lh={1.2}>
                Playbook
              </Text>
              <Text size="xs" c="dimmed">
                Operators&apos; dashboard
              </Text>
            </div>
          </Group>
          <Title order={2} size="h3">
            Sign in
          </Title>
          {login.error && (
            <Alert
              color={rateLimited ? "orange" : "red"}
              title={rateLimited ? "Too many attempts" : "Could not sign in"}
              icon={rateLimited ? <IconClockPause /> : <IconAlertCircle />}
              role="alert"
            >
              {describeError(login.error)}
            </Alert>
          )}
          <form onSubmit={handleSubmit} noValidate>
            <Stack gap="md">
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                disabled={login.isPending}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                disabled={login.isPending}
              />
              <Button
                type="submit"
                fullWidth
                loading={login.isPending}
                disabled={email.trim() === "" || password === ""}
              >
                Sign in
              </Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed">
            Accounts are created by an admin of your Playbook.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
