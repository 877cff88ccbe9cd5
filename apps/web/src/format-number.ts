// Scores, confidences and shares as the dashboard prints them; a dash when there is nothing to show.
const percentFormat = new Intl.NumberFormat(undefined, {
  style: "percent",
  maximumFractionDigits: 1,
});

/** A 0..1 score or confidence with two decimals, as the decision trace records them. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toFixed(2);
}

/** A ratio as a percentage; null means "no data yet" (e.g. precision before anything was judged). */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return percentFormat.format(ratio);
}

/** How sure Playbook is that a proposal is what an operator would send, in words. */
export function describeProbability(probability: number | null | undefined): string {
  if (probability === null || probability === undefined || !Number.isFinite(probability)) {
    return "not calibrated yet";
  }
  return `${percentFormat.format(probability)} sure`;
}

/** A confidence change with its sign, e.g. "+0.15" or "−0.20". */
export function formatDelta(from: number, to: number): string {
  const delta = to - from;
  if (!Number.isFinite(delta)) return "—";
  // Rounded first, so a tiny float error does not print as "−0.00".
  const rounded = Math.round(delta * 100) / 100;
  if (rounded === 0) return "±0.00";
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded).toFixed(2)}`;
}
