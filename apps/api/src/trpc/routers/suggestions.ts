import { z } from "zod";
import { reviewDecision } from "@playbook/core";
import { operatorProcedure, router } from "../init";

const ZSuggestion = z.object({ decisionId: z.uuid() });

export const suggestionsRouter = router({
  accept: operatorProcedure
    .input(ZSuggestion)
    .mutation(({ ctx, input }) =>
      reviewDecision(
        ctx.engine,
        { action: "approve", decisionId: input.decisionId },
        { userId: ctx.session.user.id, ip: ctx.ip },
      ),
    ),
  edit: operatorProcedure
    .input(ZSuggestion.extend({ text: z.string().trim().min(1).max(1600) }))
    .mutation(({ ctx, input }) =>
      reviewDecision(
        ctx.engine,
        { action: "edit", decisionId: input.decisionId, text: input.text },
        { userId: ctx.session.user.id, ip: ctx.ip },
      ),
    ),
  reject: operatorProcedure
    .input(ZSuggestion.extend({ reason: z.string().trim().min(1).max(500) }))
    .mutation(({ ctx, input }) =>
      reviewDecision(
        ctx.engine,
        { action: "reject", decisionId: input.decisionId, reason: input.reason },
        { userId: ctx.session.user.id, ip: ctx.ip },
      ),
    ),
});
