// Admins' emergency stop: disables automation and deactivates every pattern at once, after a confirmation.
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconHandStop } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../describe-error";
import { trpc } from "../trpc";

export function KillSwitchButton() {
  const [opened, modal] = useDisclosure(false);
  return (
    <>
      <Button color="red" leftSection={<IconHandStop size={16} />} onClick={modal.open}>
        Stop all automation
      </Button>
      <Modal opened={opened} onClose={modal.close} title="Stop all automation?" centered>
        {/* Mounted only while open, so each opening starts with an empty reason. */}
        {opened && <KillSwitchForm onDone={modal.close} />}
      </Modal>
    </>
  );
}

function KillSwitchForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const killSwitch = useMutation(
    trpc.automation.killSwitch.mutationOptions({
      onSuccess: async ({ deactivatedPatterns }) => {
        notifications.show({
          color: "orange",
          title: "Automation stopped",
          message: `Automation is disabled and ${deactivatedPatterns === 1 ? "1 pattern was" : `${deactivatedPatterns} patterns were`} deactivated.`,
        });
        onDone();
        await Promise.all(
          [trpc.config, trpc.system, trpc.patterns, trpc.stats].map((procedures) =>
            queryClient.invalidateQueries({ queryKey: procedures.pathKey() }),
          ),
        );
      },
    }),
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() !== "") killSwitch.mutate({ reason: reason.trim() });
  }

  return (
    <form onSubmit={handleSubmit}>
      <Stack gap="sm">
        <Text size="sm">
          Automation is disabled and every pattern is deactivated, in one step. Nothing is sent
          automatically until an admin enables automation again and operators turn patterns back on
          one by one.
        </Text>
        {killSwitch.error && (
          <Alert color="red" title="Automation was not stopped" icon={<IconAlertCircle />}>
            {describeError(killSwitch.error)}
          </Alert>
        )}
        <Textarea
          label="Reason"
          description="Kept in the audit log."
          required
          data-autofocus
          maxLength={500}
          autosize
          minRows={2}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="red"
            loading={killSwitch.isPending}
            disabled={reason.trim() === ""}
          >
            Stop automation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
