import { z } from "zod";
import {
  getConversation,
  listConversations,
  setGoldStandard,
  ZListConversationsRequest,
  ZSetGoldStandardRequest,
} from "@playbook/core";
import { operatorProcedure, router, viewerProcedure } from "../init";

export const conversationsRouter = router({
  list: viewerProcedure
    .input(ZListConversationsRequest)
    .query(({ ctx, input }) => listConversations(ctx.database.db, input)),
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
