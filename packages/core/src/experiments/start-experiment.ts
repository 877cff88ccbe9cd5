// An admin starts an A/B test of a pattern's reply wording: two or more wordings, a traffic split, a primary metric
// and a guardrail. The first wording is the control.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@playbook/db";
import { experimentMetrics, experiments, experimentVariants } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../auth/users";
import { conflict, notFound } from "../errors";
import { checkReplyTemplate, checkedTemplateText } from "../learning/check-template";
import { lockPattern, refuseIfDeleted } from "../patterns/lock-pattern";
import { parseRequest } from "../patterns/parse-request";
import { normalizeText } from "../text/normalize-text";

export const ZExperimentMetric = z.enum(experimentMetrics);

export const ZStartExperimentRequest = z
  .object({
    patternId: z.uuid(),
    name: z.string().trim().min(1).max(120),
    variants: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(60),
          template: checkedTemplateText(z.string().trim().min(1).max(1600)),
          weight: z.number().positive().max(100),
        }),
      )
      .min(2, "An experiment needs at least two wordings")
      .max(5),
    primaryMetric: ZExperimentMetric,
    guardrailMetric: ZExperimentMetric,
    alpha: z.number().min(0.001).max(0.2).default(0.05),
    /** Prior consent: the worker makes a declared winner the pattern's template. */
    promoteWinner: z.boolean().default(false),
  })
  .superRefine((request, ctx) => {
    const seen = new Set<string>();
    request.variants.forEach((variant, i) => {
      const key = normalizeText(variant.template);
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["variants", i, "template"],
          message: "Two variants have the same wording",
        });
      }
      seen.add(key);
    });
    if (
      new Set(request.variants.map((v) => v.name.toLowerCase())).size !== request.variants.length
    ) {
      ctx.addIssue({ code: "custom", path: ["variants"], message: "Variant names must differ" });
    }
  });
export type TStartExperimentRequest = z.input<typeof ZStartExperimentRequest>;

export type Experiment = typeof experiments.$inferSelect;
export type ExperimentVariant = typeof experimentVariants.$inferSelect;

/**
 * Starts the experiment. A second click with the same name while it runs returns the running one; another
 * experiment already running on the pattern is a CONFLICT (a reply has one wording to come from).
 */
export async function startExperiment(
  db: Db,
  request: TStartExperimentRequest,
  actor: Actor,
): Promise<Experiment> {
  const input = parseRequest(ZStartExperimentRequest, request);
  return db.transaction(async (tx) => {
    const pattern = await lockPattern(tx, input.patternId);
    refuseIfDeleted(pattern);
    const [running] = await tx
      .select()
      .from(experiments)
      .where(and(eq(experiments.patternId, pattern.id), eq(experiments.status, "running")));
    if (running) {
      if (running.name === input.name) return running;
      throw conflict(`The pattern already runs the experiment "${running.name}"; stop it first`);
    }
    const [created] = await tx
      .insert(experiments)
      .values({
        patternId: pattern.id,
        name: input.name,
        primaryMetric: input.primaryMetric,
        guardrailMetric: input.guardrailMetric,
        alpha: input.alpha,
        promoteWinner: input.promoteWinner,
        startedBy: actor.userId,
      })
      .returning();
    await tx.insert(experimentVariants).values(
      input.variants.map((variant, position) => {
        const checked = checkReplyTemplate(variant.template);
        return {
          experimentId: created!.id,
          position,
          name: variant.name,
          template: checked.ok ? checked.parsed.template : variant.template,
          weight: variant.weight,
          isControl: position === 0,
        };
      }),
    );
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "experiment.start",
      targetType: "experiment",
      targetId: created!.id,
      details: {
        patternId: pattern.id,
        name: input.name,
        variants: input.variants.map((v) => ({ name: v.name, weight: v.weight })),
        primaryMetric: input.primaryMetric,
        guardrailMetric: input.guardrailMetric,
        alpha: input.alpha,
        promoteWinner: input.promoteWinner,
      },
      ip: actor.ip,
    });
    return created!;
  });
}

/** Reads an experiment for a change, holding its row lock until the transaction ends. */
export async function lockExperiment(tx: Tx, id: string): Promise<Experiment> {
  const [row] = await tx.select().from(experiments).where(eq(experiments.id, id)).for("update");
  if (!row) throw notFound("Experiment");
  return row;
}

export async function variantsOf(tx: Tx | Db, experimentId: string): Promise<ExperimentVariant[]> {
  return tx
    .select()
    .from(experimentVariants)
    .where(eq(experimentVariants.experimentId, experimentId))
    .orderBy(asc(experimentVariants.position));
}
