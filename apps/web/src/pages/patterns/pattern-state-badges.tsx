// Whether a pattern may act: deleted, inactive (learning only), active, and allowed to send on its own.
import { Badge, Group } from "@mantine/core";
import type { Pattern } from "../../reply-engine-types";

export function PatternStateBadges({
  pattern,
}: {
  pattern: Pick<Pattern, "isActive" | "autoExecutable" | "deletedAt">;
}) {
  if (pattern.deletedAt) {
    return (
      <Badge variant="light" color="red">
        Deleted
      </Badge>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" color={pattern.isActive ? "green" : "gray"}>
        {pattern.isActive ? "Active" : "Inactive"}
      </Badge>
      {pattern.autoExecutable && (
        <Badge variant="light" color="teal">
          Auto
        </Badge>
      )}
    </Group>
  );
}
