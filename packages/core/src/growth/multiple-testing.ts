// Benjamini-Hochberg false discovery rate control, and the ratio of two shares with its 95% interval.

/** BH-adjusted p-values (q-values), in the order given. A finding survives at level α when q ≤ α. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [p, index] = order[k]!;
    running = Math.min(running, (p * m) / (k + 1));
    adjusted[index] = running;
  }
  return adjusted;
}

export interface RatioInterval {
  ratio: number;
  lower: number;
  upper: number;
}

/**
 * Share p1 among n1 against share p0 among n0: their ratio (the lift) with Katz's log interval. Null when either
 * share is 0 (no finite ratio or interval).
 */
export function shareRatio(p1: number, n1: number, p0: number, n0: number): RatioInterval | null {
  if (p1 <= 0 || p0 <= 0 || n1 <= 0 || n0 <= 0) return null;
  const ratio = p1 / p0;
  const se = Math.sqrt((1 - p1) / (n1 * p1) + (1 - p0) / (n0 * p0));
  const z = 1.959963984540054;
  return { ratio, lower: ratio * Math.exp(-z * se), upper: ratio * Math.exp(z * se) };
}
