import { z } from "zod";
import {
  countWorkQueue,
  getConversation,
  listConversations,
  listWorkQueue,
  setGoldStandard,
  ZListConversationsRequest,
  ZListWorkQueueRequest,
  ZSetGoldStandardRequest,
} from "@playbook/core";
import { operatorProcedure, router, viewerProcedure } from "../init";

export const conversationsRouter = router({
  list: viewerProcedure
    .input(ZListConversationsRequest)
    .query(({ ctx, input }) => listConversations(ctx.database.db, input)),
  /** Every conversation that needs a person, escalations first, then the longest waiting. */
  workQueue: viewerProcedure
    .input(ZListWorkQueueRequest)
    .query(({ ctx, input }) => listWorkQueue(ctx.database.db, input, ctx.engine.now())),
  /** How many wait, per reason: the navigation's badge. */
  workQueueCounts: viewerProcedure.query(({ ctx }) =>
    countWorkQueue(ctx.database.db, ctx.engine.now()),
  ),
  get: viewerProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getConversation(ctx.database.db, input.id)),
  /** Marks the exchange an example was learned from as a model answer (or unmarks it). */
  setGoldStandard: operatorProcedure
    .input(ZSetGoldStandardRequest)
    .mutation(({ ctx, input }) =>
      setGoldStandard(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
