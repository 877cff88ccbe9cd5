// Admins' record of who did what: sign-ins, user changes and, later, every pattern and setting change.
import { Alert, Button, Code, Group, Loader, Paper, Table, Text } from "@mantine/core";
import { IconShieldLock } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDateTime } from "../format-date-time";
import { PageHeader } from "../page-header";
import { isAdmin, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { ErrorAlert } from "../error-alert";

const PAGE_SIZE = 50;

function formatDetails(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === "object" && Object.keys(details).length === 0) return null;
  return typeof details === "string" ? details : JSON.stringify(details);
}

function AuditLog() {
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (lastPage) => lastPage.nextCursor },
    ),
  );

  if (log.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (log.isError) {
    return <ErrorAlert title="Could not load the audit log" error={log.error} />;
  }

  const entries = log.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) {
    return (
      <Paper withBorder p="xl" radius="md">
        <Text c="dimmed" ta="center" size="sm">
          Nothing has been recorded yet.
        </Text>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={960}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>Time</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Details</Table.Th>
              <Table.Th>Address</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => {
              const details = formatDetails(entry.details);
              return (
                <Table.Tr key={entry.id}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(entry.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {entry.actor ? (
                      <Text size="sm">{entry.actor.email}</Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        System
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Code>{entry.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {entry.targetType ? (
                      <Text size="sm">
                        {entry.targetType}
                        {entry.targetId && (
                          <Text span size="xs" c="dimmed" ff="monospace">
                            {" "}
                            {entry.targetId}
                          </Text>
                        )}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td maw={360}>
                    {details ? (
                      <Code
                        block={false}
                        style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}
                      >
                        {details}
                      </Code>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" ff="monospace">
                      {entry.ip ?? "—"}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="center" p="md">
        {log.hasNextPage ? (
          <Button
            variant="default"
            onClick={() => void log.fetchNextPage()}
            loading={log.isFetchingNextPage}
          >
            Load more
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {entries.length === 1 ? "1 entry" : `${entries.length} entries`}, the whole log
          </Text>
        )}
      </Group>
    </Paper>
  );
}

export function AuditPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Audit" description="Who did what, and when, newest first." />
      {isAdmin(user) ? (
        <AuditLog />
      ) : (
        <Alert color="gray" title="Admins only" icon={<IconShieldLock />}>
          The audit log is visible to admins. Ask an admin of your Playbook if you need an entry.
        </Alert>
      )}
    </>
  );
}
