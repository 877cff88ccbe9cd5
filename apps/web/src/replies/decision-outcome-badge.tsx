// What came of a decision: still pending, sent, failed to send, reviewed, expired or answered by hand.
import { Badge } from "@mantine/core";
import type { DecisionOutcome } from "../reply-engine-types";

const outcomeLabels: Record<DecisionOutcome, { label: string; color: string }> = {
  pending: { label: "Awaiting review", color: "yellow" },
  sent: { label: "Sent", color: "green" },
  send_failed: { label: "Send failed", color: "red" },
  approved: { label: "Approved", color: "green" },
  modified: { label: "Edited & sent", color: "teal" },
  rejected: { label: "Rejected", color: "red" },
  expired: { label: "Expired", color: "gray" },
  answered: { label: "Answered by hand", color: "gray" },
  none: { label: "No action", color: "gray" },
};

export function DecisionOutcomeBadge({ outcome }: { outcome: DecisionOutcome }) {
  const { label, color } = outcomeLabels[outcome];
  return (
    <Badge variant="outline" color={color}>
      {label}
    </Badge>
  );
}
