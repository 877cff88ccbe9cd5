// Where an import is: a badge for its phase and a bar for how far that phase got.
import { Badge, Progress, Stack, Text } from "@mantine/core";
import { isRunning, type ImportRun } from "./import-types";

const phases: Record<ImportRun["status"], { label: string; color: string }> = {
  staging: { label: "Reading file", color: "blue" },
  processing: { label: "Learning", color: "violet" },
  done: { label: "Done", color: "green" },
  failed: { label: "Failed", color: "red" },
};

export function ImportStatusBadge({ status }: { status: ImportRun["status"] }) {
  return (
    <Badge variant="light" color={phases[status].color}>
      {phases[status].label}
    </Badge>
  );
}

const count = (n: number) => n.toLocaleString();

function describeBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function describeProgress(run: ImportRun): string {
  switch (run.status) {
    case "staging":
      return run.fileBytes
        ? `${describeBytes(run.bytesRead)} of ${describeBytes(run.fileBytes)} read`
        : `${describeBytes(run.bytesRead)} read`;
    case "processing":
    case "failed":
      return `${count(run.rowsProcessed)} of ${count(run.rowsStaged)} rows recorded`;
    case "done":
      return `${count(run.rowsProcessed)} rows recorded`;
  }
}

export function ImportProgressBar({ run }: { run: ImportRun }) {
  const { fraction } = run.progress;
  const running = isRunning(run);
  return (
    <Stack gap={4}>
      <Progress
        // An unknown fraction (the file's size not known yet, or a failed run) fills the bar.
        value={fraction === null ? 100 : Math.round(fraction * 1000) / 10}
        color={phases[run.status].color}
        striped={running}
        animated={running}
        aria-label={`Progress of ${run.fileName}`}
      />
      <Text size="xs" c="dimmed">
        {describeProgress(run)}
      </Text>
    </Stack>
  );
}
