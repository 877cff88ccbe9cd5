// An experiment's evidence at this look, from its replies' outcomes: each variant's rate on the primary metric and
// the guardrail, the always-valid comparison of each wording with the control, the probability that each is best,
// the replies still needed, the sample-ratio check, and the metric over time. Pure: the worker's evaluation and the
// experiment page read the same figures.
import type { experimentMetrics } from "@playbook/db/schema";
import {
  compareArms,
  trialsNeeded,
  type ArmTally,
  type SequentialComparison,
} from "./sequential-test";
import { checkSampleRatio, probabilityBest, type SampleRatioCheck } from "./variant-statistics";

export type ExperimentMetric = (typeof experimentMetrics)[number];

/** One measured reply of the experiment, with the satisfaction answer it got, if any. */
export type OutcomeRow = {
  variantId: string;
  repliedAt: Date;
  operatorAction: "accepted" | "edited" | "rejected" | null;
  delivered: boolean;
  askedAgain: boolean;
  reaction: "thanks" | "anger" | null;
  escalated: boolean;
  satisfaction: number | null;
};

// A satisfaction answer of 4 or 5 out of 5, a thumbs up or a yes.
const SATISFIED = 0.75;

/** Whether the reply counts for the metric (null: not a trial of it) and whether it went well. */
export function metricOutcome(metric: ExperimentMetric, row: OutcomeRow): boolean | null {
  switch (metric) {
    case "accepted_as_is":
      return row.operatorAction === null ? null : row.operatorAction === "accepted";
    case "satisfied":
      return row.satisfaction === null ? null : row.satisfaction >= SATISFIED;
    case "not_asked_again":
      return row.delivered ? !row.askedAgain : null;
    case "no_escalation":
      return row.delivered ? !row.escalated : null;
    case "thanked":
      return row.delivered ? row.reaction === "thanks" : null;
    case "not_angry":
      return row.delivered ? row.reaction !== "anger" : null;
  }
}

export function tallyMetric(
  metric: ExperimentMetric,
  rows: readonly OutcomeRow[],
  variantId: string,
): ArmTally {
  let trials = 0;
  let successes = 0;
  for (const row of rows) {
    if (row.variantId !== variantId) continue;
    const outcome = metricOutcome(metric, row);
    if (outcome === null) continue;
    trials += 1;
    if (outcome) successes += 1;
  }
  return { trials, successes };
}

export type SummaryVariant = {
  id: string;
  name: string;
  weight: number;
  isControl: boolean;
  stopped: boolean;
};

export type VariantEvidence = {
  variantId: string;
  primary: ArmTally & { rate: number | null };
  guardrail: ArmTally & { rate: number | null };
  /** Against the control (null for the control itself). */
  comparison: SequentialComparison | null;
  guardrailComparison: SequentialComparison | null;
  probabilityBest: number;
  /** Replies per arm the test needs if the rates stay as observed (null: no difference yet, or no data). */
  repliesNeeded: number | null;
  customers: number;
};

export type ExperimentSummary = {
  variants: VariantEvidence[];
  sampleRatio: SampleRatioCheck | null;
  /** Each day's cumulative rate of the primary metric, per variant id. */
  timeline: { day: string; rates: Record<string, number | null> }[];
  /** The variant the test declares best on the primary metric (null: keep collecting). */
  winnerId: string | null;
  /** Variants whose guardrail the test shows worse than the control's. */
  guardrailBroken: string[];
};

export type SummaryOptions = { alpha: number; minTrialsPerArm?: number };

const rateOf = ({ trials, successes }: ArmTally) => (trials === 0 ? null : successes / trials);

export function summarizeExperiment(
  experiment: { primaryMetric: ExperimentMetric; guardrailMetric: ExperimentMetric },
  variants: readonly SummaryVariant[],
  rows: readonly OutcomeRow[],
  customersByVariant: ReadonlyMap<string, number>,
  options: SummaryOptions,
): ExperimentSummary {
  const control = variants.find((v) => v.isControl) ?? variants[0];
  if (!control) throw new RangeError("an experiment needs variants");
  // Each treatment is compared with the control: the level is split between the comparisons (Bonferroni), so the
  // chance of any false winner stays at α.
  const comparisons = Math.max(1, variants.length - 1);
  const testOptions = {
    alpha: options.alpha / comparisons,
    ...(options.minTrialsPerArm ? { minTrialsPerArm: options.minTrialsPerArm } : {}),
  };
  const timeline = dailyTimeline(experiment.primaryMetric, variants, rows);
  const controlPrimary = tallyMetric(experiment.primaryMetric, rows, control.id);
  const controlGuard = tallyMetric(experiment.guardrailMetric, rows, control.id);
  const primaries = variants.map((v) => tallyMetric(experiment.primaryMetric, rows, v.id));
  const best = probabilityBest(primaries);
  const evidence = variants.map((variant, i): VariantEvidence => {
    const primary = primaries[i]!;
    const guardrail = tallyMetric(experiment.guardrailMetric, rows, variant.id);
    const isControl = variant.id === control.id;
    // The always-valid p-value never rises: carry the smallest over the daily looks before this one.
    const comparison = isControl
      ? null
      : compareArms(
          controlPrimary,
          primary,
          testOptions,
          earlierPValue(experiment.primaryMetric, rows, control.id, variant.id, testOptions),
        );
    const guardrailComparison = isControl
      ? null
      : compareArms(controlGuard, guardrail, testOptions);
    const controlRate = rateOf(controlPrimary);
    const rate = rateOf(primary);
    const needed =
      isControl || controlRate === null || rate === null
        ? null
        : trialsNeeded(controlRate, rate, testOptions);
    return {
      variantId: variant.id,
      primary: { ...primary, rate },
      guardrail: { ...guardrail, rate: rateOf(guardrail) },
      comparison,
      guardrailComparison,
      probabilityBest: best[i] ?? 0,
      repliesNeeded: needed === null || !Number.isFinite(needed) ? null : needed,
      customers: customersByVariant.get(variant.id) ?? 0,
    };
  });
  const live = variants.filter((v) => !v.stopped);
  const sampleRatio =
    live.length >= 2
      ? checkSampleRatio(
          live.map((v) => customersByVariant.get(v.id) ?? 0),
          live.map((v) => v.weight),
        )
      : null;
  return {
    variants: evidence,
    sampleRatio,
    timeline,
    winnerId: winnerOf(evidence, control.id, variants),
    guardrailBroken: evidence
      .filter((e) => e.guardrailComparison?.better === "control")
      .map((e) => e.variantId),
  };
}

/** A treatment the test shows better than the control (the best of them), or the control once every live
 * treatment is shown worse. */
function winnerOf(
  evidence: readonly VariantEvidence[],
  controlId: string,
  variants: readonly SummaryVariant[],
): string | null {
  const better = evidence
    .filter((e) => e.comparison?.better === "treatment")
    .sort((a, b) => (b.primary.rate ?? 0) - (a.primary.rate ?? 0));
  if (better[0]) return better[0].variantId;
  const treatments = evidence.filter(
    (e) => e.variantId !== controlId && !variants.find((v) => v.id === e.variantId)?.stopped,
  );
  if (treatments.length > 0 && treatments.every((e) => e.comparison?.better === "control")) {
    return controlId;
  }
  return null;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

function dailyCutoffs(rows: readonly OutcomeRow[]): string[] {
  return [...new Set(rows.map((r) => dayOf(r.repliedAt)))].sort();
}

/** The smallest always-valid p-value over the looks at the end of each earlier day. */
function earlierPValue(
  metric: ExperimentMetric,
  rows: readonly OutcomeRow[],
  controlId: string,
  variantId: string,
  options: SummaryOptions,
): number {
  let p = 1;
  const days = dailyCutoffs(rows);
  for (const day of days.slice(0, -1)) {
    const upTo = rows.filter((r) => dayOf(r.repliedAt) <= day);
    p = compareArms(
      tallyMetric(metric, upTo, controlId),
      tallyMetric(metric, upTo, variantId),
      options,
      p,
    ).pValue;
  }
  return p;
}

function dailyTimeline(
  metric: ExperimentMetric,
  variants: readonly SummaryVariant[],
  rows: readonly OutcomeRow[],
): ExperimentSummary["timeline"] {
  return dailyCutoffs(rows).map((day) => {
    const upTo = rows.filter((r) => dayOf(r.repliedAt) <= day);
    return {
      day,
      rates: Object.fromEntries(
        variants.map((v) => [v.id, rateOf(tallyMetric(metric, upTo, v.id))]),
      ),
    };
  });
}
