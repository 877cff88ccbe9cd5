// Admins send a history file. The answer comes once the whole file is read; recording and learning its messages
// go on in the background while the list below shows how far they got.
import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconUpload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";
import { CsvFileInput } from "./csv-file-input";

export function ImportUploadCard({ onUploaded }: { onUploaded: (importId: string) => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation(
    trpc.imports.upload.mutationOptions({
      onSuccess: async ({ importId }, form) => {
        const sent = form.get("file");
        notifications.show({
          color: "green",
          message: `${sent instanceof File ? sent.name : "The file"} was read. Playbook is recording and learning its messages.`,
        });
        setFile(null);
        onUploaded(importId);
        await queryClient.invalidateQueries({ queryKey: trpc.imports.pathKey() });
      },
    }),
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set("file", file);
    upload.mutate(form);
  }

  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={handleSubmit}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Upload a history file
          </Title>
          <Text size="sm" c="dimmed">
            Messages already in Playbook are recognised and skipped, so a file can be sent again.
            New patterns start inactive, as always.
          </Text>
          {upload.error && (
            <Alert color="red" title="File not imported" icon={<IconAlertCircle />}>
              {describeError(upload.error)}
            </Alert>
          )}
          <Group align="flex-end" wrap="nowrap">
            <CsvFileInput
              label="CSV file"
              value={file}
              onChange={(chosen) => {
                setFile(chosen);
                upload.reset();
              }}
              disabled={upload.isPending}
            />
            <Button
              type="submit"
              leftSection={<IconUpload size={16} />}
              loading={upload.isPending}
              disabled={!file}
            >
              Import
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
