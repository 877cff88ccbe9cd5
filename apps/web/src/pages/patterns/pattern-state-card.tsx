// Whether a pattern may answer customers: on or off, allowed to send on its own, deleted or restored.
import { Button, Group, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowBackUp, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../../describe-error";
import { formatDateTime } from "../../format-date-time";
import type { Pattern } from "../../reply-engine-types";
import { trpc } from "../../trpc";
import { refreshPatternQueries } from "./refresh-pattern-queries";

export function PatternStateCard({ pattern, canAct }: { pattern: Pattern; canAct: boolean }) {
  const queryClient = useQueryClient();
  const onError = (error: unknown) =>
    notifications.show({
      color: "red",
      title: "Pattern not changed",
      message: describeError(error),
    });
  const onSuccess = () => refreshPatternQueries(queryClient);
  const setActive = useMutation(trpc.patterns.setActive.mutationOptions({ onSuccess, onError }));
  const remove = useMutation(trpc.patterns.delete.mutationOptions({ onSuccess, onError }));
  const restore = useMutation(trpc.patterns.restore.mutationOptions({ onSuccess, onError }));
  const busy = setActive.isPending || remove.isPending || restore.isPending;
  const deleted = pattern.deletedAt !== null;

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h5">
          State
        </Title>
        {deleted ? (
          <Text size="sm" c="red">
            Deleted {formatDateTime(pattern.deletedAt)}. It is kept for history and never matched.
          </Text>
        ) : (
          <>
            <Switch
              label="Active"
              description="An active pattern proposes replies; an inactive one only keeps learning."
              checked={pattern.isActive}
              disabled={!canAct || busy}
              onChange={(event) =>
                setActive.mutate({ id: pattern.id, active: event.currentTarget.checked })
              }
            />
            <Switch
              label="Send automatically"
              description="Only when automation is enabled, the pattern is trusted and every gate passes."
              checked={pattern.autoExecutable}
              disabled={!canAct || busy || !pattern.isActive}
              onChange={(event) =>
                setActive.mutate({
                  id: pattern.id,
                  active: true,
                  autoExecutable: event.currentTarget.checked,
                })
              }
            />
          </>
        )}
        {canAct && (
          <Group>
            {deleted ? (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconArrowBackUp size={14} />}
                loading={restore.isPending}
                disabled={busy}
                onClick={() => restore.mutate({ id: pattern.id })}
              >
                Restore
              </Button>
            ) : (
              <Button
                size="xs"
                variant="light"
                color="red"
                leftSection={<IconTrash size={14} />}
                loading={remove.isPending}
                disabled={busy}
                onClick={() => remove.mutate({ id: pattern.id })}
              >
                Delete
              </Button>
            )}
          </Group>
        )}
        {!canAct && (
          <Text size="xs" c="dimmed">
            Only admins turn patterns on and off, let them send automatically, or delete them.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
