import { z } from "zod";
import {
  countWorkQueue,
  getConversation,
  getSendStatus,
  listConversations,
  listWorkQueue,
  markReplyGold,
  reportWrongReply,
  sendHandReply,
  setGoldStandard,
  ZListConversationsRequest,
  ZListWorkQueueRequest,
  ZMarkReplyGoldRequest,
  ZReportWrongReplyRequest,
  ZSendHandReplyRequest,
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
  /** Whether replies can go out: the dashboard warns when they cannot. */
  sendStatus: viewerProcedure.query(({ ctx }) => getSendStatus(ctx.engine)),
  get: viewerProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getConversation(ctx.database.db, input.id)),
  /** Sends a reply the operator wrote (or started from the proposed one); learned as an OpenPhone reply is. */
  reply: operatorProcedure
    .input(ZSendHandReplyRequest)
    .mutation(({ ctx, input }) =>
      sendHandReply(ctx.engine, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /** Marks the exchange an example was learned from as a model answer (or unmarks it). */
  setGoldStandard: operatorProcedure
    .input(ZSetGoldStandardRequest)
    .mutation(({ ctx, input }) =>
      setGoldStandard(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /** "This reply was wrong", on any reply, automatic ones included: lowers its pattern once per reply. */
  reportWrongReply: operatorProcedure
    .input(ZReportWrongReplyRequest)
    .mutation(({ ctx, input }) =>
      reportWrongReply(ctx.engine, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /** Marks a reply (by its message) as a model answer of its pattern, learning it first if it never was. */
  markReplyGold: operatorProcedure
    .input(ZMarkReplyGoldRequest)
    .mutation(({ ctx, input }) =>
      markReplyGold(ctx.engine, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
