// What Playbook decided for a customer message, as a coloured badge.
import { Badge, Tooltip, type BadgeProps } from "@mantine/core";
import type { DecisionMode } from "../reply-engine-types";

export const decisionModeLabels: Record<
  DecisionMode,
  { label: string; color: string; hint: string }
> = {
  auto: { label: "Auto", color: "green", hint: "Sent automatically" },
  suggest: { label: "Suggest", color: "blue", hint: "A reply suggested to the operator" },
  queue: { label: "Queue", color: "orange", hint: "A reply waiting in the approval queue" },
  shadow: { label: "Shadow", color: "violet", hint: "Recorded only; nothing visible happened" },
  escalate: { label: "Escalate", color: "red", hint: "A person must answer" },
  none: { label: "No match", color: "gray", hint: "No pattern matched well enough" },
};

export function DecisionModeBadge({
  mode,
  size = "md",
}: {
  mode: DecisionMode;
  size?: BadgeProps["size"];
}) {
  const { label, color, hint } = decisionModeLabels[mode];
  return (
    <Tooltip label={hint} withArrow>
      <Badge variant="light" color={color} size={size}>
        {label}
      </Badge>
    </Tooltip>
  );
}
