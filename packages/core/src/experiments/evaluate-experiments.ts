// The worker's look at every running experiment: a variant that breaks its guardrail stops getting traffic, a
// winner is declared when the always-valid test says so, and with the admin's prior consent the winner becomes the
// pattern's template (a new version, audited). Each experiment is evaluated in its own transaction under its lock.
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@playbook/db";
import { experiments, experimentVariants } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import { lockPattern } from "../patterns/lock-pattern";
import { snapshotOf, withCheckedTemplate } from "../patterns/pattern-fields";
import { writePatternVersion } from "../patterns/write-pattern-version";
import { loadExperimentSummary } from "./load-experiment-evidence";
import { lockExperiment, variantsOf, type Experiment } from "./start-experiment";

export type EvaluationOptions = {
  /** Replies each arm needs before anything is declared (the test's default, 100, when absent). */
  minTrialsPerArm?: number;
};

export type EvaluationResult = {
  evaluated: number;
  variantsStopped: number;
  winners: number;
  promoted: number;
};

export async function evaluateExperiments(
  db: Db,
  now: Date,
  options: EvaluationOptions = {},
): Promise<EvaluationResult> {
  const running = await db
    .select({ id: experiments.id })
    .from(experiments)
    .where(eq(experiments.status, "running"));
  const result: EvaluationResult = { evaluated: 0, variantsStopped: 0, winners: 0, promoted: 0 };
  for (const { id } of running) {
    await db.transaction((tx) => evaluateOne(tx, id, now, options, result));
  }
  return result;
}

async function evaluateOne(
  tx: Tx,
  id: string,
  now: Date,
  options: EvaluationOptions,
  result: EvaluationResult,
): Promise<void> {
  const experiment = await lockExperiment(tx, id);
  if (experiment.status !== "running") return;
  result.evaluated += 1;
  const variants = await variantsOf(tx, id);
  const summary = await loadExperimentSummary(tx, experiment, variants, options);

  for (const variantId of summary.guardrailBroken) {
    const variant = variants.find((v) => v.id === variantId);
    if (!variant || variant.stoppedAt || variant.isControl) continue;
    const reason = `${experiment.guardrailMetric} worse than the control's (always-valid test at α ${experiment.alpha})`;
    await tx
      .update(experimentVariants)
      .set({ stoppedAt: now, stopReason: reason })
      .where(eq(experimentVariants.id, variantId));
    await audit(tx, experiment, "experiment.guardrail", { variantId, reason });
    variant.stoppedAt = now;
    result.variantsStopped += 1;
  }
  if (variants.every((v) => v.isControl || v.stoppedAt)) {
    await finish(tx, experiment, now, { stopReason: "every variant broke its guardrail" });
    return;
  }
  if (!summary.winnerId) return;
  const winner = variants.find((v) => v.id === summary.winnerId)!;
  result.winners += 1;
  let promotedVersion: number | null = null;
  // The consent is the admin's who started the experiment: the new version is theirs.
  const consentedBy = experiment.promoteWinner ? experiment.startedBy : null;
  if (consentedBy && !winner.isControl) {
    const pattern = await lockPattern(tx, experiment.patternId);
    if (!pattern.deletedAt) {
      const updated = await writePatternVersion(
        tx,
        pattern,
        withCheckedTemplate({ ...snapshotOf(pattern), responseTemplate: winner.template }),
        `winner of the experiment "${experiment.name}"`,
        { userId: consentedBy, ip: null },
      );
      promotedVersion = updated.version;
      result.promoted += 1;
    }
  }
  await finish(tx, experiment, now, {
    stopReason: `winner declared: ${winner.name}`,
    winnerVariantId: winner.id,
    decidedAt: now,
    promotedVersion,
  });
  await audit(tx, experiment, "experiment.winner", {
    variantId: winner.id,
    name: winner.name,
    promotedVersion,
  });
}

function finish(
  tx: Tx,
  experiment: Experiment,
  now: Date,
  fields: Partial<
    Pick<Experiment, "stopReason" | "winnerVariantId" | "decidedAt" | "promotedVersion">
  >,
) {
  return tx
    .update(experiments)
    .set({ status: "completed", stoppedAt: now, ...fields })
    .where(eq(experiments.id, experiment.id));
}

function audit(tx: Tx, experiment: Experiment, action: string, details: Record<string, unknown>) {
  return recordAudit(tx, {
    // The worker acts: no user, the experiment's starter consented.
    actorUserId: null,
    action,
    targetType: "experiment",
    targetId: experiment.id,
    details: { ...details, patternId: experiment.patternId, consentedBy: experiment.startedBy },
  });
}
