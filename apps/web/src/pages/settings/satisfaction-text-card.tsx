// The optional one-question satisfaction text: off by default; admins turn it on and word it. The API validates the
// wording (settings.ts); the worker sends it after resolved conversations, never to opted-out customers, at most
// once a week per customer.
import {
  Alert,
  Button,
  Fieldset,
  Loader,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { ErrorAlert } from "../../error-alert";
import type { Settings } from "../../reply-engine-types";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";

export function SatisfactionTextCard() {
  const user = useCurrentUser();
  const settings = useQuery(trpc.config.get.queryOptions());
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={2} size="h4">
        Satisfaction text
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        One question by SMS after a conversation Playbook answered is resolved. Answers 1-5, 👍/👎
        and yes/no are recorded; an unclear answer is not. Never sent to opted-out customers, at
        most once a week each.
      </Text>
      {settings.isPending && <Loader size="sm" />}
      {settings.isError && (
        <ErrorAlert title="Could not load the satisfaction text" error={settings.error} />
      )}
      {settings.data && (
        <SatisfactionTextForm
          key={`${settings.data.satisfactionTextEnabled}${settings.data.satisfactionTextWording}`}
          settings={settings.data}
          editable={isAdmin(user)}
        />
      )}
    </Paper>
  );
}

function SatisfactionTextForm({ settings, editable }: { settings: Settings; editable: boolean }) {
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(settings.satisfactionTextEnabled);
  const [wording, setWording] = useState(settings.satisfactionTextWording);
  const save = useMutation(
    trpc.config.set.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.config.get.queryKey(), saved);
        notifications.show({ color: "green", message: "Satisfaction text saved." });
      },
    }),
  );
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ satisfactionTextEnabled: enabled, satisfactionTextWording: wording });
  }
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Satisfaction text">
      <Fieldset variant="unstyled" disabled={!editable}>
        <Stack gap="md">
          {save.error && (
            <Alert color="red" title="Satisfaction text not saved">
              {describeError(save.error)}
            </Alert>
          )}
          <Switch
            label="Send the satisfaction text"
            checked={enabled}
            onChange={(event) => setEnabled(event.currentTarget.checked)}
          />
          <Textarea
            label="Wording"
            autosize
            minRows={2}
            maxLength={320}
            value={wording}
            onChange={(event) => setWording(event.currentTarget.value)}
          />
          {editable && (
            <Button type="submit" loading={save.isPending} w="fit-content">
              Save satisfaction text
            </Button>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
