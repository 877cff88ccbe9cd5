// Says whether the page is live: "Live" while the stream is open, else that it refreshes on a timer instead.
import { Badge, Tooltip } from "@mantine/core";
import { useLiveConnected } from "./live-connection";

export function LiveStatus() {
  const live = useLiveConnected();
  return (
    <Tooltip
      label={
        live
          ? "New messages and decisions appear as they happen"
          : "Live updates are reconnecting; pages refresh every few seconds meanwhile"
      }
    >
      <Badge
        variant="dot"
        color={live ? "green" : "gray"}
        data-testid="live-status"
        data-live={live ? "true" : "false"}
        visibleFrom="sm"
      >
        {live ? "Live" : "Reconnecting"}
      </Badge>
    </Tooltip>
  );
}
