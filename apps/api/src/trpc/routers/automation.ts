import { z } from "zod";
import { markSendHandled, pullKillSwitch, retryFailedSend } from "@playbook/core";
import { adminProcedure, operatorProcedure, router } from "../init";

export const automationRouter = router({
  /** Disables automation and deactivates every pattern at once. */
  killSwitch: adminProcedure
    .input(z.object({ reason: z.string().trim().min(1).max(500) }))
    .mutation(({ ctx, input }) =>
      pullKillSwitch(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /**
   * Sends again a reply whose send failed. An interrupted send (started, never answered) is first looked up at
   * OpenPhone and only sent if OpenPhone does not have it.
   */
  retrySend: operatorProcedure
    .input(z.object({ decisionId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      retryFailedSend(ctx.engine, input.decisionId, ctx.session.user.id),
    ),
  /** Closes a failed or interrupted send without sending: the operator dealt with it in OpenPhone. */
  markSendHandled: operatorProcedure
    .input(z.object({ decisionId: z.uuid(), note: z.string().trim().max(500).nullish() }))
    .mutation(({ ctx, input }) =>
      markSendHandled(ctx.engine, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
