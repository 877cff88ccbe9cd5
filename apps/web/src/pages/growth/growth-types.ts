// The API's growth answers the growth pages share, inferred from the router (types only, nothing bundled).
import type { RouterInputs, RouterOutputs } from "@playbook/api/router";
import type { Timeline } from "@playbook/core";

export type GrowthLadder = RouterOutputs["growth"]["ladder"];
export type GrowthTransition = GrowthLadder["transitions"][number];
export type GrowthPattern = RouterOutputs["growth"]["patterns"][number];
export type GrowthRefresh = RouterOutputs["growth"]["refreshes"][number];
export type GrowthImport = RouterOutputs["growth"]["imports"][number];
export type GrowthContractor = RouterOutputs["growth"]["contractor"];
export type ContractorAdvice = RouterOutputs["growth"]["advice"];
export type ContractorGoal = ContractorAdvice["goals"][number];
export type GrowthRecommendation = ContractorAdvice["recommendations"]["partners"][number];
export type GrowthSettings = RouterOutputs["growth"]["settings"];
export type RecordOutcomeInput = RouterInputs["growth"]["recordOutcome"];

/** The Kaplan-Meier figures stored with a transition (null with fewer than 5 contractors). */
export function transitionTimeline(t: GrowthTransition): Timeline | null {
  return (t.timeline as Timeline | null) ?? null;
}

/** "10.2 months (8.1-12.4)", or a dash. */
export function formatMonths(
  months: number | null | undefined,
  lower?: number | null,
  upper?: number | null,
): string {
  if (months === null || months === undefined) return "—";
  const interval =
    lower !== undefined && upper !== undefined
      ? ` (${lower === null ? "?" : lower.toFixed(1)}–${upper === null ? "?" : upper.toFixed(1)})`
      : "";
  return `${months.toFixed(1)} months${interval}`;
}

export const growthPath = {
  ladder: "/growth",
  transition: (fromTier: string) => `/growth/transitions/${encodeURIComponent(fromTier)}`,
  contractors: "/growth/contractors",
  contractor: (id: string) => `/growth/contractors/${encodeURIComponent(id)}`,
  refreshes: "/growth/refreshes",
  import: "/growth/import",
  settings: "/growth/settings",
};
