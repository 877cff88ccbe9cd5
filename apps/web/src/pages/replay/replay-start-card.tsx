// Admins start a replay: of the history stored in Playbook, or of a CSV file, what-if or with the real state.
import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconPlayerPlay } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";
import { CsvFileInput } from "../import/csv-file-input";

type Policy = "what-if" | "real";

export function ReplayStartCard({ onStarted }: { onStarted: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [policy, setPolicy] = useState<Policy>("what-if");
  const [file, setFile] = useState<File | null>(null);
  // One key per press: a double click or a retried request returns the run already started.
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const done = async ({ id }: { id: string }) => {
    notifications.show({ color: "green", message: "Replay started." });
    setRequestKey(crypto.randomUUID());
    setFile(null);
    onStarted(id);
    await queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() });
  };
  const fromHistory = useMutation(
    trpc.replays.startFromHistory.mutationOptions({ onSuccess: done }),
  );
  const fromUpload = useMutation(trpc.replays.startFromUpload.mutationOptions({ onSuccess: done }));
  const pending = fromHistory.isPending || fromUpload.isPending;
  const error = fromHistory.error ?? fromUpload.error;

  function startUpload() {
    if (!file) return;
    const form = new FormData();
    form.set("file", file);
    form.set("policy", policy);
    form.set("requestKey", requestKey);
    fromUpload.mutate(form);
  }

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Start a replay
        </Title>
        <Text size="sm" c="dimmed">
          Plays past conversations through the decision engine and shows what Playbook would have
          done. Nothing is sent and the live data is only read.
        </Text>
        <SegmentedControl
          value={policy}
          onChange={(value) => setPolicy(value)}
          aria-label="Replay policy"
          data={[
            { value: "what-if", label: "What-if: every pattern on" },
            { value: "real", label: "Real state and settings" },
          ]}
        />
        {error && (
          <Alert color="red" title="Replay not started" icon={<IconAlertCircle />}>
            {describeError(error)}
          </Alert>
        )}
        <Group>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            loading={fromHistory.isPending}
            disabled={pending}
            onClick={() => fromHistory.mutate({ requestKey, policy })}
          >
            Replay stored history
          </Button>
        </Group>
        <Group align="flex-end" wrap="nowrap">
          <CsvFileInput
            label="Or a CSV file"
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              fromUpload.reset();
            }}
            disabled={pending}
          />
          <Button
            variant="light"
            onClick={startUpload}
            loading={fromUpload.isPending}
            disabled={!file || pending}
          >
            Replay file
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
