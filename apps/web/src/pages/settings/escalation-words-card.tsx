// The words that make a customer's message angry or urgent, so a person answers it. Admins edit them; the API
// checks and normalises them (settings.ts), and its message is shown as is.
import {
  Alert,
  Button,
  Fieldset,
  Group,
  Loader,
  Paper,
  Stack,
  TagsInput,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { ErrorAlert } from "../../error-alert";
import type { Settings } from "../../reply-engine-types";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";

export function EscalationWordsCard() {
  const user = useCurrentUser();
  const settings = useQuery(trpc.config.get.queryOptions());
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={2} size="h4">
        Escalation words
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A message with one of these words or phrases (whole words, any case) goes to a person, never
        an automatic reply. Asking for a person, shouting and “!!!” always escalate.
      </Text>
      {settings.isPending && <Loader size="sm" />}
      {settings.isError && (
        <ErrorAlert title="Could not load the escalation words" error={settings.error} />
      )}
      {settings.data && (
        <EscalationWordsForm
          key={JSON.stringify([
            settings.data.escalationAngryWords,
            settings.data.escalationUrgentWords,
          ])}
          settings={settings.data}
          editable={isAdmin(user)}
        />
      )}
    </Paper>
  );
}

function EscalationWordsForm({ settings, editable }: { settings: Settings; editable: boolean }) {
  const queryClient = useQueryClient();
  const [angry, setAngry] = useState<string[]>(settings.escalationAngryWords);
  const [urgent, setUrgent] = useState<string[]>(settings.escalationUrgentWords);
  const save = useMutation(
    trpc.config.set.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.config.get.queryKey(), saved);
        notifications.show({ color: "green", message: "Escalation words saved." });
      },
    }),
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ escalationAngryWords: angry, escalationUrgentWords: urgent });
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Escalation words">
      <Fieldset variant="unstyled" disabled={!editable}>
        <Stack gap="md">
          {save.error && (
            <Alert color="red" title="Escalation words not saved" icon={<IconAlertCircle />}>
              {describeError(save.error)}
            </Alert>
          )}
          <TagsInput
            label="Angry words"
            description="Profanity and complaints (Enter after each)"
            value={angry}
            onChange={setAngry}
            clearable
          />
          <TagsInput
            label="Urgent words"
            description="Emergencies: injuries, fire, locked in (Enter after each)"
            value={urgent}
            onChange={setUrgent}
            clearable
          />
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save escalation words
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setAngry(settings.escalationAngryWords);
                  setUrgent(settings.escalationUrgentWords);
                }}
              >
                Reset
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
