// The log-rank test, written over risk-set tallies so that group membership may change with time (a contractor
// joins the "with it" group from the day they adopt something): the score test of a Cox model with a binary,
// possibly time-varying covariate. With fixed groups it is the classic two-sample log-rank test.

/** At one distinct event time: everyone at risk, those at risk in group 1, and the events of each. */
export interface RiskSetTally {
  atRisk: number;
  atRisk1: number;
  events: number;
  events1: number;
}

export interface LogRankResult {
  observed1: number;
  expected1: number;
  variance: number;
  chiSquare: number;
  pValue: number;
}

/** Adds risk sets one event time at a time (no tally objects: a refresh tests thousands of factors). */
export class LogRankSum {
  private observed1 = 0;
  private expected1 = 0;
  private variance = 0;

  add(n: number, n1: number, d: number, d1: number): void {
    if (n <= 0) return;
    this.observed1 += d1;
    this.expected1 += (d * n1) / n;
    if (n > 1) this.variance += (d * (n1 / n) * (1 - n1 / n) * (n - d)) / (n - 1);
  }

  result(): LogRankResult {
    const { observed1, expected1, variance } = this;
    const chiSquare = variance > 0 ? (observed1 - expected1) ** 2 / variance : 0;
    return { observed1, expected1, variance, chiSquare, pValue: chiSquare1Upper(chiSquare) };
  }
}

export function logRank(tallies: Iterable<RiskSetTally>): LogRankResult {
  const sum = new LogRankSum();
  for (const t of tallies) sum.add(t.atRisk, t.atRisk1, t.events, t.events1);
  return sum.result();
}

/** P(X ≥ x) for a chi-square with one degree of freedom: erfc(√(x/2)). */
export function chiSquare1Upper(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Risk-set tallies of two fixed groups (group 1 = `inGroup1`), for the classic test. */
export function fixedGroupTallies(
  spells: readonly { exit: number; event: boolean; group1: boolean; entry?: number }[],
): RiskSetTally[] {
  const times = [...new Set(spells.filter((s) => s.event).map((s) => s.exit))].sort(
    (a, b) => a - b,
  );
  return times.map((t) => {
    const atRiskSpells = spells.filter((s) => (s.entry ?? 0) < t && s.exit >= t);
    const eventsAt = atRiskSpells.filter((s) => s.event && s.exit === t);
    return {
      atRisk: atRiskSpells.length,
      atRisk1: atRiskSpells.filter((s) => s.group1).length,
      events: eventsAt.length,
      events1: eventsAt.filter((s) => s.group1).length,
    };
  });
}
