// The recent imports, newest first; choosing one shows its counters and rejected rows below.
import { Anchor, Paper, Table, Text } from "@mantine/core";
import { formatDateTime } from "../../format-date-time";
import { ImportProgressBar, ImportStatusBadge } from "./import-status";
import type { ImportRun } from "./import-types";

export function ImportsTable({
  runs,
  selectedId,
  onSelect,
}: {
  runs: ImportRun[];
  selectedId: string;
  onSelect: (id: string) => void;
}) {
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Imports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th w={130}>Status</Table.Th>
              <Table.Th w={240}>Progress</Table.Th>
              <Table.Th w={110}>Messages</Table.Th>
              <Table.Th w={100}>Rejected</Table.Th>
              <Table.Th w={190}>Started</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((run) => {
              const selected = run.id === selectedId;
              return (
                <Table.Tr
                  key={run.id}
                  bg={selected ? "var(--mantine-primary-color-light)" : undefined}
                  aria-selected={selected}
                >
                  <Table.Td maw={320}>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      fw={selected ? 600 : undefined}
                      onClick={() => onSelect(run.id)}
                      style={{ wordBreak: "break-all", textAlign: "left" }}
                    >
                      {run.fileName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {run.source === "cli"
                        ? "From the command line"
                        : run.createdBy
                          ? `Uploaded by ${run.createdBy.name}`
                          : "Uploaded"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ImportStatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td>
                    <ImportProgressBar run={run} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{run.messagesImported.toLocaleString()}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={run.rowsRejected > 0 ? "orange" : undefined}>
                      {run.rowsRejected.toLocaleString()}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(run.createdAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
