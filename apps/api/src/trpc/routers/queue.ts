import { z } from "zod";
import { decisionIdForQueueItem, listPendingQueue, reviewDecision } from "@playbook/core";
import { operatorProcedure, router, viewerProcedure } from "../init";

const ZQueueItem = z.object({ id: z.uuid() });

export const queueRouter = router({
  list: viewerProcedure
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(50),
        before: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      listPendingQueue(ctx.engine, {
        limit: input.limit,
        before: input.before ? new Date(input.before) : undefined,
      }),
    ),
  approve: operatorProcedure
    .input(ZQueueItem)
    .mutation(async ({ ctx, input }) =>
      reviewDecision(
        ctx.engine,
        { action: "approve", decisionId: await decisionIdForQueueItem(ctx.engine, input.id) },
        { userId: ctx.session.user.id, ip: ctx.ip },
      ),
    ),
  edit: operatorProcedure
    .input(ZQueueItem.extend({ text: z.string().trim().min(1).max(1600) }))
    .mutation(async ({ ctx, input }) =>
      reviewDecision(
        ctx.engine,
        {
          action: "edit",
          decisionId: await decisionIdForQueueItem(ctx.engine, input.id),
          text: input.text,
        },
        { userId: ctx.session.user.id, ip: ctx.ip },
      ),
    ),
  reject: operatorProcedure
    .input(ZQueueItem.extend({ reason: z.string().trim().min(1).max(500) }))
    .mutation(async ({ ctx, input }) =>
      reviewDecision(
        ctx.engine,
        {
          action: "reject",
          decisionId: await decisionIdForQueueItem(ctx.engine, input.id),
          reason: input.reason,
        },
        { userId: ctx.session.user.id, ip: ctx.ip },
      ),
    ),
});
