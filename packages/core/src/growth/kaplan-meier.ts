// Kaplan-Meier survival with delayed entry (left truncation), Greenwood variance, and quantiles with 95%
// confidence intervals (Brookmeyer-Crowley on the log scale, as R's survfit does by default).

/** One spell: at risk from just after `entry` until `exit` (same unit, e.g. days), ending in the event or not. */
export interface SurvivalSpell {
  /** Time already spent in the state when observation began (0 when the start was observed). */
  entry: number;
  exit: number;
  event: boolean;
}

export interface SurvivalStep {
  time: number;
  atRisk: number;
  events: number;
  survival: number;
  /** 95% pointwise band for survival (log transform). */
  lower: number;
  upper: number;
}

export interface Quantile {
  /** Time at which survival first falls to 1 − p or below; null when it never does. */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

const Z95 = 1.959963984540054;

/** The steps of the estimate, one per distinct event time. Spells with exit ≤ entry are ignored. */
export function kaplanMeier(spells: readonly SurvivalSpell[]): SurvivalStep[] {
  return kaplanMeierColumns(
    Float64Array.from(spells, (s) => s.entry),
    Float64Array.from(spells, (s) => s.exit),
    Uint8Array.from(spells, (s) => (s.event ? 1 : 0)),
  );
}

/** kaplanMeier over columns: spell i is (entry[i], exit[i], event[i] = 1 when the event happened). */
export function kaplanMeierColumns(
  entry: ArrayLike<number>,
  exit: ArrayLike<number>,
  event: ArrayLike<number>,
): SurvivalStep[] {
  let valid = 0;
  let withEvent = 0;
  for (let i = 0; i < exit.length; i++) {
    if (exit[i]! > entry[i]!) {
      valid++;
      if (event[i]) withEvent++;
    }
  }
  // Typed arrays sort numerically without a comparator call per pair.
  const entries = new Float64Array(valid);
  const exits = new Float64Array(valid);
  const eventTimes = new Float64Array(withEvent);
  for (let i = 0, v = 0, e = 0; i < exit.length; i++) {
    if (exit[i]! <= entry[i]!) continue;
    entries[v] = entry[i]!;
    exits[v++] = exit[i]!;
    if (event[i]) eventTimes[e++] = exit[i]!;
  }
  entries.sort();
  exits.sort();
  eventTimes.sort();
  const steps: SurvivalStep[] = [];
  let survival = 1;
  let greenwood = 0;
  let entered = 0;
  let left = 0;
  for (let k = 0; k < eventTimes.length;) {
    const time = eventTimes[k]!;
    let events = 0;
    while (k < eventTimes.length && eventTimes[k] === time) {
      events++;
      k++;
    }
    // At risk at t: entered before t and not yet gone before t (exit ≥ t).
    while (entered < entries.length && entries[entered]! < time) entered++;
    while (left < exits.length && exits[left]! < time) left++;
    const atRisk = entered - left;
    survival *= 1 - events / atRisk;
    greenwood += atRisk > events ? events / (atRisk * (atRisk - events)) : Number.POSITIVE_INFINITY;
    const spread = Math.exp(Z95 * Math.sqrt(greenwood));
    steps.push({
      time,
      atRisk,
      events,
      survival,
      lower: survival / spread,
      upper: Math.min(1, survival * spread),
    });
  }
  return steps;
}

/**
 * The time by which a share `p` has had the event (p = 0.5: the median), with the interval of times whose
 * survival band contains 1 − p.
 */
export function survivalQuantile(steps: readonly SurvivalStep[], p: number): Quantile {
  const target = 1 - p;
  const first = (test: (s: SurvivalStep) => boolean) => steps.find(test)?.time ?? null;
  // Tiny tolerance: 1 − 1/2 computed as a product may land a hair above 0.5.
  const eps = 1e-12;
  return {
    estimate: first((s) => s.survival <= target + eps),
    lower: first((s) => s.lower <= target + eps),
    upper: first((s) => s.upper < target - eps),
  };
}

/** Survival just after time t (1 before the first event). */
export function survivalAt(steps: readonly SurvivalStep[], t: number): number {
  let survival = 1;
  for (const step of steps) {
    if (step.time > t) break;
    survival = step.survival;
  }
  return survival;
}

/** Survival just before time t (1 up to and at the first event). */
export function survivalBefore(steps: readonly SurvivalStep[], t: number): number {
  let survival = 1;
  for (const step of steps) {
    if (step.time >= t) break;
    survival = step.survival;
  }
  return survival;
}
