// Admins' record of who did what: sign-ins, users, patterns, settings, reviews. Filtered from the URL, with names
// instead of ids and each change as field: before → after.
import { Alert, Button, Code, Group, Loader, Paper, Table, Text } from "@mantine/core";
import { IconShieldLock } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDateTime } from "../format-date-time";
import { PageHeader } from "../page-header";
import { isAdmin, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { ErrorAlert } from "../error-alert";
import { AuditChanges } from "./audit/audit-changes";
import { AuditFilters, useAuditFilters, type AuditFilterValues } from "./audit/audit-filters";

const PAGE_SIZE = 50;

// A day picked in the filter, as the start or the end of that day where the admin is.
function dayBound(day: string | undefined, end: boolean): Date | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? "23:59:59.999" : "00:00:00"}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function queryInput(filters: AuditFilterValues) {
  return {
    limit: PAGE_SIZE,
    action: filters.action,
    actorUserId: filters.actorUserId,
    targetType: filters.targetType,
    from: dayBound(filters.from, false),
    to: dayBound(filters.to, true),
  };
}

function AuditLog() {
  const [filters] = useAuditFilters();
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(queryInput(filters), {
      getNextPageParam: (lastPage) => lastPage.nextCursor,
    }),
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
          {Object.keys(filters).length > 0
            ? "No entry matches these filters."
            : "Nothing has been recorded yet."}
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
              <Table.Th>Change</Table.Th>
              <Table.Th>Address</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => {
              return (
                <Table.Tr key={entry.id}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(entry.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {entry.actor ? (
                      <>
                        <Text size="sm">{entry.actor.name ?? entry.actor.email}</Text>
                        <Text size="xs" c="dimmed">
                          {entry.actor.email}
                        </Text>
                      </>
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
                        {entry.targetLabel ? (
                          <Text span size="sm" fw={500}>
                            {" "}
                            {entry.targetLabel}
                          </Text>
                        ) : (
                          entry.targetId && (
                            <Text span size="xs" c="dimmed" ff="monospace">
                              {" "}
                              {entry.targetId}
                            </Text>
                          )
                        )}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td maw={480}>
                    <AuditChanges changes={entry.changes} details={entry.details} />
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
            {entries.length === 1 ? "1 entry" : `${entries.length} entries`}
            {Object.keys(filters).length > 0 ? ", all that match" : ", the whole log"}
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
        <>
          <AuditFilters />
          <AuditLog />
        </>
      ) : (
        <Alert color="gray" title="Admins only" icon={<IconShieldLock />}>
          The audit log is visible to admins. Ask an admin of your Playbook if you need an entry.
        </Alert>
      )}
    </>
  );
}
