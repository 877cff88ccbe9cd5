// Trying Playbook without OpenPhone (admins): a sample history, a test customer message, and removing both.
import { z } from "zod";
import {
  getDemoStatus,
  loadDemo,
  removeDemo,
  sendDemoMessage,
  ZSendDemoMessageRequest,
} from "@playbook/core";
import { adminProcedure, router } from "../init";

export const demoRouter = router({
  /** How much demo data is loaded (zero when none). */
  status: adminProcedure.query(({ ctx }) => getDemoStatus(ctx.engine)),
  /** Loads the sample history through the history import; loading it again adds nothing. */
  load: adminProcedure.input(z.object({})).mutation(async ({ ctx }) => {
    const result = await loadDemo(ctx.engine, { userId: ctx.session.user.id, ip: ctx.ip });
    return {
      importId: result.id,
      messages: result.messagesImported,
      patternsCreated: result.patternsCreated,
      exchangesLearned: result.exchangesLearned,
    };
  }),
  /** A customer message as if it came by SMS, decided as a webhook's is. */
  sendMessage: adminProcedure
    .input(ZSendDemoMessageRequest)
    .mutation(({ ctx, input }) => sendDemoMessage(ctx.engine, input)),
  /** Removes every demo customer with all that is theirs; real data is untouched. */
  remove: adminProcedure
    .input(z.object({}))
    .mutation(({ ctx }) => removeDemo(ctx.engine, { userId: ctx.session.user.id, ip: ctx.ip })),
});
