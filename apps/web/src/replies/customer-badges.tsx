// Flags on a customer that change what automation may do: VIP (always a person) and opted out (STOP).
import { Badge, Group } from "@mantine/core";

export function CustomerBadges({ isVip, optedOut }: { isVip: boolean; optedOut: boolean }) {
  if (!isVip && !optedOut) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {isVip && (
        <Badge size="xs" variant="light" color="grape">
          VIP
        </Badge>
      )}
      {optedOut && (
        <Badge size="xs" variant="light" color="red">
          Opted out
        </Badge>
      )}
    </Group>
  );
}
