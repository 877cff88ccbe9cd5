// Admins upload contractors.csv, revenue.csv and activities.csv (any of them; contractors first). The answer comes
// once the files are imported; the worker refreshes the patterns next.
import { Alert, Button, FileInput, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconFileTypeCsv, IconUpload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";

const files = ["contractors", "revenue", "activities"] as const;
type Chosen = Record<(typeof files)[number], File | null>;
const none: Chosen = { contractors: null, revenue: null, activities: null };

export function GrowthUploadCard({ onUploaded }: { onUploaded: (importId: string) => void }) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Chosen>(none);
  const upload = useMutation(
    trpc.growth.upload.mutationOptions({
      onSuccess: async (result) => {
        notifications.show({
          color: result.rowsRejected > 0 ? "yellow" : "green",
          message: `Imported; ${result.rowsRejected} rows rejected.`,
        });
        setChosen(none);
        onUploaded(result.importId);
        await queryClient.invalidateQueries({ queryKey: trpc.growth.pathKey() });
      },
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData();
    for (const kind of files) {
      const file = chosen[kind];
      if (file) form.set(kind, file);
    }
    upload.mutate(form);
  }
  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Upload growth data
          </Title>
          <Text size="sm" c="dimmed">
            Any of the three files; contractors are read first. The patterns are refreshed after
            each import.
          </Text>
          {upload.error && (
            <Alert color="red" title="Not imported" icon={<IconAlertCircle />}>
              {describeError(upload.error)}
            </Alert>
          )}
          {files.map((kind) => (
            <FileInput
              key={kind}
              label={`${kind}.csv`}
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              leftSection={<IconFileTypeCsv size={18} />}
              value={chosen[kind]}
              onChange={(file) => setChosen((c) => ({ ...c, [kind]: file }))}
              disabled={upload.isPending}
              clearable
            />
          ))}
          <Button
            type="submit"
            leftSection={<IconUpload size={16} />}
            loading={upload.isPending}
            disabled={files.every((k) => chosen[k] === null)}
          >
            Import
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
