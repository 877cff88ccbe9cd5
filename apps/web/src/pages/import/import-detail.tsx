// One import in full: what it read, recorded and learned, why it failed if it did, and the rows it rejected.
import { Alert, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { formatDateTime, formatDuration } from "../../format-date-time";
import { ImportRejections } from "./import-rejections";
import { ImportProgressBar, ImportStatusBadge } from "./import-status";
import { isRunning, type ImportRun } from "./import-types";

function Figure({ label, value, detail }: { label: string; value: number; detail: string }) {
  return (
    <div role="group" aria-label={label}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="xl" fw={650}>
        {value.toLocaleString()}
      </Text>
      <Text size="xs" c="dimmed">
        {detail}
      </Text>
    </div>
  );
}

export function ImportDetail({ run, refreshMs }: { run: ImportRun; refreshMs: number | false }) {
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4" style={{ wordBreak: "break-all" }}>
              {run.fileName}
            </Title>
            <Text size="xs" c="dimmed">
              Started {formatDateTime(run.createdAt)}
              {run.finishedAt &&
                `, finished ${formatDateTime(run.finishedAt)} (${formatDuration(run.createdAt, run.finishedAt)})`}
            </Text>
          </div>
          <ImportStatusBadge status={run.status} />
        </Group>
        {isRunning(run) && <ImportProgressBar run={run} />}
        {run.error && (
          <Alert color="red" title="The import stopped" icon={<IconAlertCircle />}>
            {run.error}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 7 }}>
          <Figure label="Rows read" value={run.rowsStaged} detail="staged from the file" />
          <Figure label="Rows rejected" value={run.rowsRejected} detail="listed below" />
          <Figure
            label="Messages imported"
            value={run.messagesImported}
            detail="new in their conversations"
          />
          <Figure
            label="Duplicates"
            value={run.rowsDuplicate}
            detail="already in Playbook, skipped"
          />
          <Figure
            label="Decisions recorded"
            value={run.decisionsRecorded}
            detail="for customer messages"
          />
          <Figure
            label="Exchanges learned"
            value={run.exchangesLearned}
            detail="operator replies learned"
          />
          <Figure
            label="Patterns created"
            value={run.patternsCreated}
            detail="new, inactive until turned on"
          />
        </SimpleGrid>
        <div>
          <Title order={3} size="h5" mb="xs">
            Rejected rows
          </Title>
          <ImportRejections importId={run.id} refreshMs={refreshMs} />
        </div>
      </Stack>
    </Paper>
  );
}
