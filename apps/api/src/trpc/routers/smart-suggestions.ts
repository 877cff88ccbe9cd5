// Smart suggestions from the worker: anyone signed in reads them; only an admin applies ("accept": tRPC keeps the
// name "apply" for itself), dismisses or asks for a fresh look, since applying turns patterns on or off and merges
// them.
import {
  ZListSmartSuggestions,
  ZResolveSmartSuggestion,
  applySmartSuggestion,
  dismissSmartSuggestion,
  listSmartSuggestions,
  refreshSmartSuggestions,
} from "@playbook/core";
import { adminProcedure, router, viewerProcedure } from "../init";

export const smartSuggestionsRouter = router({
  list: viewerProcedure
    .input(ZListSmartSuggestions)
    .query(({ ctx, input }) => listSmartSuggestions(ctx.database.db, input)),
  accept: adminProcedure
    .input(ZResolveSmartSuggestion)
    .mutation(({ ctx, input }) =>
      applySmartSuggestion(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  dismiss: adminProcedure
    .input(ZResolveSmartSuggestion)
    .mutation(({ ctx, input }) =>
      dismissSmartSuggestion(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /** Runs the worker's search now, e.g. right after an import. */
  refresh: adminProcedure.mutation(({ ctx }) =>
    refreshSmartSuggestions(ctx.database.db, ctx.engine.now()),
  ),
});
