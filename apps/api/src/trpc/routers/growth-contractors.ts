// Growth for one contractor: everyone signed in reads contractors, their advice (matches, goals,
// recommendations, timeline: the query other systems use); operators tick checklists and record outcomes; admins
// see how patterns' recommendations worked out. The matching weights are a growth setting (growth.setSettings).
import {
  getContractorAdvice,
  getGrowthContractor,
  listGrowthContractors,
  listPatternOutcomes,
  recordOutcome,
  tickChecklist,
  ZContractorIdRequest,
  ZListGrowthContractorsRequest,
  ZRecordOutcomeRequest,
  ZTickChecklistRequest,
} from "@playbook/core";
import { adminProcedure, operatorProcedure, viewerProcedure } from "../init";

/** Spread into the growth router (growth.contractors, growth.advice, …). */
export const growthContractorProcedures = {
  contractors: viewerProcedure
    .input(ZListGrowthContractorsRequest)
    .query(({ ctx, input }) => listGrowthContractors(ctx.database.db, input)),
  contractor: viewerProcedure
    .input(ZContractorIdRequest)
    .query(({ ctx, input }) => getGrowthContractor(ctx.database.db, input.contractorId)),
  /** Matches with reasons, goals with checklists and evidence, recommendations and the timeline. */
  advice: viewerProcedure
    .input(ZContractorIdRequest)
    .query(({ ctx, input }) => getContractorAdvice(ctx.database.db, input.contractorId)),
  tickChecklist: operatorProcedure
    .input(ZTickChecklistRequest)
    .mutation(({ ctx, input }) =>
      tickChecklist(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  recordOutcome: operatorProcedure
    .input(ZRecordOutcomeRequest)
    .mutation(({ ctx, input }) =>
      recordOutcome(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /** Patterns with recorded outcomes, poorest first, poor ones flagged. */
  patternOutcomes: adminProcedure.query(({ ctx }) => listPatternOutcomes(ctx.database.db)),
};
