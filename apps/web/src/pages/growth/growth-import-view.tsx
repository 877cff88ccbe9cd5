// Growth imports: admins upload; everyone follows each import's files (rows read, accepted, rejected) and reads
// the rows it rejected with their reasons.
import {
  Anchor,
  Badge,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useIsMutating, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "../../format-date-time";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import { QueryState } from "./growth-loading";
import type { GrowthImport } from "./growth-types";
import { GrowthUploadCard } from "./growth-upload-card";

const POLL_MS = 1_000;
const statusColor = { running: "blue", done: "green", failed: "red" } as const;

function Rejections({ importId }: { importId: string }) {
  const rows = useQuery(trpc.growth.rejections.queryOptions({ importId, limit: 200 }));
  return (
    <QueryState query={rows} what="the rejected rows">
      {(data) =>
        data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No rows rejected.
          </Text>
        ) : (
          <Table verticalSpacing={4} aria-label="Rejected rows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Line</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((r) => (
                <Table.Tr key={`${r.file}:${r.line}`}>
                  <Table.Td>{r.file}</Table.Td>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td>{r.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      }
    </QueryState>
  );
}

function ImportCard({
  run,
  selected,
  onSelect,
}: {
  run: GrowthImport;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid="growth-import">
      <Stack gap="xs">
        <Anchor component="button" type="button" onClick={onSelect} fw={selected ? 600 : undefined}>
          {formatDateTime(run.createdAt)} ({run.source})
        </Anchor>
        <Text size="sm">
          <Badge color={statusColor[run.status]} variant="light">
            {run.status}
          </Badge>{" "}
          {run.rowsRead} rows read, {run.rowsAccepted} accepted, {run.rowsRejected} rejected
        </Text>
        {run.error && (
          <Text size="sm" c="red">
            {run.error}
          </Text>
        )}
        {run.files.map((f) => (
          <div key={f.file}>
            <Text size="xs">
              {f.file}: {f.rowsAccepted} accepted, {f.rowsRejected} rejected
              {f.done ? "" : " (reading…)"}
            </Text>
            <Progress
              value={f.rowsRead > 0 ? (100 * (f.rowsAccepted + f.rowsRejected)) / f.rowsRead : 0}
              animated={!f.done}
              size="sm"
            />
          </div>
        ))}
        {selected && (
          <>
            <Title order={3} size="h6">
              Rejected rows
            </Title>
            <Rejections importId={run.id} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

export function GrowthImportView() {
  const user = useCurrentUser();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const uploading = useIsMutating({ mutationKey: trpc.growth.upload.mutationKey() }) > 0;
  const list = useQuery(
    trpc.growth.imports.queryOptions(
      { limit: 20 },
      {
        refetchInterval: (query) =>
          uploading || query.state.data?.some((r) => r.status === "running") ? POLL_MS : false,
      },
    ),
  );
  return (
    <SimpleGrid cols={{ base: 1, lg: isAdmin(user) ? 2 : 1 }}>
      {isAdmin(user) && <GrowthUploadCard onUploaded={setSelectedId} />}
      <QueryState query={list} what="the imports">
        {(runs) => (
          <Stack gap="sm">
            {runs.length === 0 && (
              <Text size="sm" c="dimmed">
                No growth data imported yet.
              </Text>
            )}
            {runs.map((run, i) => (
              <ImportCard
                key={run.id}
                run={run}
                selected={selectedId ? run.id === selectedId : i === 0}
                onSelect={() => setSelectedId(run.id)}
              />
            ))}
          </Stack>
        )}
      </QueryState>
    </SimpleGrid>
  );
}
