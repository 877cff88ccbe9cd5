// Whether OpenPhone is connected: which secrets the server has (never their values), how the last send went and
// when the last webhook arrived. Read-only: the secrets live in the server's environment.
import { Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { trpc } from "../../trpc";

function SecretState({ label, set, name }: { label: string; set: boolean; name: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs">
        <Badge color={set ? "green" : "red"} variant="light">
          {set ? "Set" : "Not set"}
        </Badge>
        <Text size="xs" c="dimmed">
          {name}
        </Text>
      </Group>
    </Stack>
  );
}

export function OpenPhoneConnectionCard() {
  const connection = useQuery(trpc.system.openPhoneConnection.queryOptions());
  const data = connection.data;
  return (
    <Paper component="section" withBorder p="lg" radius="md" aria-label="OpenPhone connection">
      <Title order={2} size="h4">
        OpenPhone connection
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Set in the server&apos;s environment; the values are never shown.
      </Text>
      {connection.isPending && <Loader size="sm" />}
      {connection.isError && (
        <ErrorAlert title="Could not load the OpenPhone connection" error={connection.error} />
      )}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 4 }}>
          <SecretState label="API key" set={data.apiKeySet} name="OPENPHONE_API_KEY" />
          <SecretState
            label="Webhook secret"
            set={data.webhookSecretSet}
            name="OPENPHONE_WEBHOOK_SECRET"
          />
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Last send
            </Text>
            {data.lastSend ? (
              <Group gap="xs">
                <Badge color={data.lastSend.ok ? "green" : "red"} variant="light">
                  {data.lastSend.ok ? "Sent" : "Failed"}
                </Badge>
                <Text size="sm">{formatDateTime(data.lastSend.at)}</Text>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                Nothing sent yet
              </Text>
            )}
            {data.lastSend?.error && (
              <Text size="xs" c="red">
                {data.lastSend.error}
              </Text>
            )}
          </Stack>
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Last webhook received
            </Text>
            <Text size="sm" c={data.lastWebhookAt ? undefined : "dimmed"}>
              {data.lastWebhookAt ? formatDateTime(data.lastWebhookAt) : "None yet"}
            </Text>
          </Stack>
        </SimpleGrid>
      )}
    </Paper>
  );
}
