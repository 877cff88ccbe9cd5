// A/B tests of reply wording: viewers read experiments, their evidence, each pattern's outcome figures and customer
// satisfaction; only admins start or stop an experiment or consent to promoting its winner.
import {
  getExperiment,
  getPatternOutcomes,
  getSatisfactionTimeline,
  listExperiments,
  setPromotionConsent,
  startExperiment,
  stopExperiment,
  ZGetExperimentRequest,
  ZListExperimentsRequest,
  ZSatisfactionTimelineRequest,
  ZSetPromotionConsentRequest,
  ZStartExperimentRequest,
  ZStopExperimentRequest,
} from "@playbook/core";
import { z } from "zod";
import type { Context } from "../context";
import { adminProcedure, router, viewerProcedure } from "../init";

const actorOf = (ctx: Context & { session: NonNullable<Context["session"]> }) => ({
  userId: ctx.session.user.id,
  ip: ctx.ip,
});

export const experimentsRouter = router({
  list: viewerProcedure
    .input(ZListExperimentsRequest)
    .query(({ ctx, input }) => listExperiments(ctx.database.db, input)),
  get: viewerProcedure
    .input(ZGetExperimentRequest)
    .query(({ ctx, input }) => getExperiment(ctx.database.db, input)),
  patternOutcomes: viewerProcedure
    .input(z.object({ patternId: z.uuid() }))
    .query(({ ctx, input }) => getPatternOutcomes(ctx.database.db, input.patternId)),
  satisfaction: viewerProcedure
    .input(ZSatisfactionTimelineRequest)
    .query(({ ctx, input }) => getSatisfactionTimeline(ctx.database.db, input, ctx.engine.now())),
  start: adminProcedure
    .input(ZStartExperimentRequest)
    .mutation(({ ctx, input }) => startExperiment(ctx.database.db, input, actorOf(ctx))),
  stop: adminProcedure
    .input(ZStopExperimentRequest)
    .mutation(({ ctx, input }) => stopExperiment(ctx.database.db, input, actorOf(ctx))),
  setPromotionConsent: adminProcedure
    .input(ZSetPromotionConsentRequest)
    .mutation(({ ctx, input }) => setPromotionConsent(ctx.database.db, input, actorOf(ctx))),
});
