// Reading experiments for the dashboard: the list, and one experiment with its current evidence.
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@playbook/db";
import { experiments, patterns } from "@playbook/db/schema";
import { notFound } from "../errors";
import { parseRequest } from "../patterns/parse-request";
import { loadExperimentSummary } from "./load-experiment-evidence";
import { variantsOf } from "./start-experiment";

export const ZListExperimentsRequest = z
  .object({ patternId: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(100) })
  .default({ limit: 100 });
export type TListExperimentsRequest = z.input<typeof ZListExperimentsRequest>;

export async function listExperiments(db: Db, request: TListExperimentsRequest = {}) {
  const input = parseRequest(ZListExperimentsRequest, request);
  return db
    .select({
      id: experiments.id,
      name: experiments.name,
      status: experiments.status,
      patternId: experiments.patternId,
      patternTrigger: patterns.triggerText,
      primaryMetric: experiments.primaryMetric,
      guardrailMetric: experiments.guardrailMetric,
      promoteWinner: experiments.promoteWinner,
      winnerVariantId: experiments.winnerVariantId,
      startedAt: experiments.startedAt,
      stoppedAt: experiments.stoppedAt,
      stopReason: experiments.stopReason,
    })
    .from(experiments)
    .innerJoin(patterns, eq(patterns.id, experiments.patternId))
    .where(input.patternId ? eq(experiments.patternId, input.patternId) : undefined)
    .orderBy(desc(experiments.startedAt))
    .limit(input.limit);
}

export const ZGetExperimentRequest = z.object({ id: z.uuid() });
export type TGetExperimentRequest = z.input<typeof ZGetExperimentRequest>;

/** The experiment, its variants, and the evidence at this look (the same figures the worker decides on). */
export async function getExperiment(db: Db, request: TGetExperimentRequest) {
  const { id } = parseRequest(ZGetExperimentRequest, request);
  const [row] = await db
    .select({ experiment: experiments, patternTrigger: patterns.triggerText })
    .from(experiments)
    .innerJoin(patterns, eq(patterns.id, experiments.patternId))
    .where(eq(experiments.id, id));
  if (!row) throw notFound("Experiment");
  const variants = await variantsOf(db, id);
  const summary = await loadExperimentSummary(db, row.experiment, variants);
  return {
    ...row.experiment,
    patternTrigger: row.patternTrigger,
    variants,
    summary,
    stoppingRule:
      `A winner is declared when the always-valid p-value of a variant against the control falls to ` +
      `α = ${row.experiment.alpha} (split between the comparisons) with at least 100 measured replies per arm; ` +
      `it may be looked at any time.`,
  };
}
