// Every content version of a pattern; operators roll back to an earlier one (as a new version).
import { Badge, Button, Paper, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowBackUp } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../../describe-error";
import { formatDateTime } from "../../format-date-time";
import type { Pattern, PatternVersion } from "../../reply-engine-types";
import { trpc } from "../../trpc";
import { refreshPatternQueries } from "./refresh-pattern-queries";

export function PatternVersions({
  pattern,
  versions,
  canAct,
}: {
  pattern: Pattern;
  versions: PatternVersion[];
  canAct: boolean;
}) {
  const queryClient = useQueryClient();
  const rollback = useMutation(
    trpc.patterns.rollback.mutationOptions({
      onSuccess: async (updated) => {
        notifications.show({ color: "green", message: `Restored as version ${updated.version}.` });
        await refreshPatternQueries(queryClient);
      },
      onError: (error) =>
        notifications.show({
          color: "red",
          title: "Not rolled back",
          message: describeError(error),
        }),
    }),
  );
  const rollingBackTo = rollback.isPending ? rollback.variables.toVersion : null;
  const canRollBack = canAct && pattern.deletedAt === null;

  return (
    <Paper withBorder radius="md">
      <Title order={2} size="h5" p="md" pb="xs">
        Versions
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" aria-label="Versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={130}>Version</Table.Th>
              <Table.Th>Reply template</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th w={170}>Saved</Table.Th>
              {canRollBack && <Table.Th w={120} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((version) => {
              const current = version.version === pattern.version;
              return (
                <Table.Tr key={version.id}>
                  <Table.Td>
                    <Text size="sm">
                      {version.version}
                      {current && (
                        <Badge component="span" ml={6} size="xs" variant="light">
                          current
                        </Badge>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{version.snapshot.responseTemplate}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={version.changeReason ? undefined : "dimmed"}>
                      {version.changeReason ?? "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(version.createdAt)}</Text>
                  </Table.Td>
                  {canRollBack && (
                    <Table.Td ta="right">
                      {!current && (
                        <Button
                          size="compact-xs"
                          variant="default"
                          leftSection={<IconArrowBackUp size={12} />}
                          loading={rollingBackTo === version.version}
                          disabled={rollback.isPending}
                          onClick={() =>
                            rollback.mutate({
                              id: pattern.id,
                              toVersion: version.version,
                              expectedVersion: pattern.version,
                            })
                          }
                        >
                          Roll back
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
