// Reject a proposed reply with one click (or key) on a common reason; "Other" takes a few words.
import { Button, Group, Kbd, Stack, Text, TextInput } from "@mantine/core";
import { useKeys } from "../use-keys";
import { useState, type FormEvent } from "react";

const MAX_REASON_LENGTH = 500;

export const quickRejectReasons = [
  { key: "1", reason: "Wrong answer" },
  { key: "2", reason: "Right answer, wrong wording" },
  { key: "3", reason: "Needs a person" },
] as const;

export function QuickReject({
  onReject,
  onCancel,
  busy,
}: {
  onReject: (reason: string) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const [other, setOther] = useState<string | null>(null);
  useKeys({
    ...Object.fromEntries(
      quickRejectReasons.map(({ key, reason }) => [key, () => busy || onReject(reason)]),
    ),
    "4": () => setOther(""),
    Escape: onCancel,
  });

  function submitOther(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (other && other.trim() !== "") onReject(`Other: ${other.trim()}`);
  }

  return (
    <Stack gap="xs" aria-label="Why reject this reply">
      <Text size="xs" c="dimmed">
        Why is this reply wrong? <Kbd size="xs">Esc</Kbd> cancels.
      </Text>
      <Group gap="xs">
        {quickRejectReasons.map(({ key, reason }) => (
          <Button
            key={key}
            size="xs"
            variant="light"
            color="red"
            disabled={busy}
            onClick={() => onReject(reason)}
            leftSection={<Kbd size="xs">{key}</Kbd>}
          >
            {reason}
          </Button>
        ))}
        {other === null && (
          <Button
            size="xs"
            variant="default"
            disabled={busy}
            onClick={() => setOther("")}
            leftSection={<Kbd size="xs">4</Kbd>}
          >
            Other…
          </Button>
        )}
        <Button size="xs" variant="subtle" color="gray" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
      {other !== null && (
        <form onSubmit={submitOther}>
          <Group gap="xs" align="flex-end">
            <TextInput
              size="xs"
              label="Other reason"
              maxLength={MAX_REASON_LENGTH}
              data-autofocus
              autoFocus
              value={other}
              onChange={(event) => setOther(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") onCancel();
              }}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              size="xs"
              color="red"
              loading={busy}
              disabled={other.trim() === ""}
            >
              Reject reply
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}
