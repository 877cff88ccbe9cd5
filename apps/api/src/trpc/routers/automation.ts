import { z } from "zod";
import { pullKillSwitch, retryFailedSend } from "@playbook/core";
import { adminProcedure, operatorProcedure, router } from "../init";

export const automationRouter = router({
  /** Disables automation and deactivates every pattern at once. */
  killSwitch: adminProcedure
    .input(z.object({ reason: z.string().trim().min(1).max(500) }))
    .mutation(({ ctx, input }) =>
      pullKillSwitch(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /** Sends again a reply whose send failed; the decision and its reply are kept until it goes out. */
  retrySend: operatorProcedure
    .input(z.object({ decisionId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      retryFailedSend(ctx.engine, input.decisionId, ctx.session.user.id),
    ),
});
