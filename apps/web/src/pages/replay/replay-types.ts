// The API's answers about replays, inferred from the router (types only, nothing bundled).
import type { RouterOutputs } from "@playbook/api/router";

export type ReplayRunItem = RouterOutputs["replays"]["list"][number];
export type ReplayRunDetail = RouterOutputs["replays"]["get"];
export type ReplaySummaryView = NonNullable<ReplayRunDetail["summary"]>;
export type ReplayCurvePoint = ReplayRunDetail["curve"][number];
export type ReplayResultItem = RouterOutputs["replays"]["results"]["items"][number];

export const isReplayRunning = (run: Pick<ReplayRunItem, "status">) =>
  run.status === "queued" || run.status === "running";

export const replayStatusLabels: Record<ReplayRunItem["status"], { label: string; color: string }> =
  {
    queued: { label: "Queued", color: "gray" },
    running: { label: "Running", color: "blue" },
    done: { label: "Done", color: "green" },
    cancelled: { label: "Cancelled", color: "yellow" },
    failed: { label: "Failed", color: "red" },
  };

export const replayPhaseLabels: Record<string, string> = {
  exporting: "Reading the stored history",
  staging: "Sorting the messages",
  replaying: "Replaying",
  storing: "Storing the results",
};

/** 0..1 for the bar, null when the phase's size is not known. */
export function replayFraction(run: ReplayRunItem): number | null {
  if (run.status === "done") return 1;
  if (run.progressTotal <= 0) return null;
  return Math.min(1, run.progressDone / run.progressTotal);
}
