// The three answers to a proposed reply, as buttons: approve, edit, reject; with their keys when shortcuts apply.
import { Button, Group, Kbd } from "@mantine/core";
import { IconCheck, IconPencil, IconX } from "@tabler/icons-react";

export function ReviewButtons({
  approveLabel,
  editLabel,
  busy,
  approving,
  showKeys = false,
  onApprove,
  onEdit,
  onReject,
}: {
  approveLabel: string;
  editLabel: string;
  busy: boolean;
  approving: boolean;
  /** Show the a / e / r keys beside the labels (the inbox, where they work). */
  showKeys?: boolean;
  onApprove: () => void;
  onEdit: () => void;
  onReject: () => void;
}) {
  const key = (name: string) => (showKeys ? <Kbd size="xs">{name}</Kbd> : undefined);
  return (
    <Group gap="xs">
      <Button
        size="xs"
        leftSection={<IconCheck size={14} />}
        rightSection={key("a")}
        loading={approving}
        disabled={busy}
        onClick={onApprove}
      >
        {approveLabel}
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconPencil size={14} />}
        rightSection={key("e")}
        disabled={busy}
        onClick={onEdit}
      >
        {editLabel}
      </Button>
      <Button
        size="xs"
        variant="light"
        color="red"
        leftSection={<IconX size={14} />}
        rightSection={key("r")}
        disabled={busy}
        onClick={onReject}
      >
        Reject
      </Button>
    </Group>
  );
}
