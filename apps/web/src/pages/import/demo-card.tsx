// Trying Playbook without an OpenPhone account (admins): load a made-up history, write as a customer would by SMS
// and watch what Playbook decides, then remove all demo data in one click. Real data is never touched.
import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFlask } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";

const DEFAULT_MESSAGE = "hi, what time do you open on saturday?";

export function DemoCard() {
  const queryClient = useQueryClient();
  const [text, setText] = useState(DEFAULT_MESSAGE);
  const status = useQuery(trpc.demo.status.queryOptions());
  // Everything that lists conversations, patterns or imports shows the demo's rows (or their absence) next.
  const refresh = () => queryClient.invalidateQueries();
  const onError = (error: unknown) =>
    notifications.show({ color: "red", title: "Not done", message: describeError(error) });
  const load = useMutation(
    trpc.demo.load.mutationOptions({
      onSuccess: async (result) => {
        notifications.show({
          color: "green",
          message: `Sample history loaded: ${result.exchangesLearned} replies learned, ${result.patternsCreated} new patterns.`,
        });
        await refresh();
      },
      onError,
    }),
  );
  const send = useMutation(trpc.demo.sendMessage.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(
    trpc.demo.remove.mutationOptions({
      onSuccess: async (result) => {
        send.reset();
        notifications.show({
          color: "green",
          message: `Demo removed: ${result.customers} made-up customers and ${result.patterns} patterns only they taught.`,
        });
        await refresh();
      },
      onError,
    }),
  );
  const busy = load.isPending || send.isPending || remove.isPending;
  const loaded = (status.data?.customers ?? 0) > 0;
  const decision = send.data?.decision;

  return (
    <Paper withBorder radius="md" p="md" data-testid="demo-card">
      <Stack gap="sm">
        <Group gap="xs">
          <IconFlask size={18} />
          <Title order={2} size="h5">
            Try it without OpenPhone
          </Title>
          {loaded && (
            <Badge variant="light" color="grape">
              Demo data: {status.data?.conversations} conversations
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Load a small made-up history (a golf-simulator business answering six common questions),
          then write as a customer would by SMS and see what Playbook learned, decided and proposes.
          Demo customers are marked as such and nothing is ever sent to them; removing the demo
          leaves your real data as it is.
        </Text>
        <Group gap="xs">
          <Button loading={load.isPending} disabled={busy} onClick={() => load.mutate({})}>
            Load sample history
          </Button>
          <Button
            variant="subtle"
            color="red"
            loading={remove.isPending}
            disabled={busy || !loaded}
            onClick={() => remove.mutate({})}
          >
            Remove demo data
          </Button>
        </Group>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!busy) send.mutate({ text });
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput
              label="A customer writes"
              style={{ flex: 1 }}
              maxLength={1600}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
            />
            <Button
              type="submit"
              variant="light"
              loading={send.isPending}
              disabled={busy || !text.trim()}
            >
              Send as SMS
            </Button>
          </Group>
        </form>
        {send.data && (
          <Text size="sm" data-testid="demo-result">
            {decision
              ? `Playbook decided: ${decision.mode}${decision.intendedMode && decision.intendedMode !== decision.mode ? ` (with automation on it would ${decision.intendedMode})` : ""}. ${decision.proposedReply ? `It proposes: “${decision.proposedReply}”` : "No pattern fitted well enough to propose a reply."} `
              : "The message was stored; it is decided shortly. "}
            {send.data.conversationId && (
              <Anchor component={Link} to={`/inbox/${send.data.conversationId}?view=all`}>
                Open the conversation
              </Anchor>
            )}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
