import { dryRunDecision, ZDryRunRequest } from "@playbook/core";
import { operatorProcedure, router } from "../init";

export const playgroundRouter = router({
  /** What Playbook would decide for a message, with the full trace. Writes nothing. */
  test: operatorProcedure
    .input(ZDryRunRequest)
    .query(({ ctx, input }) => dryRunDecision(ctx.engine, input)),
});
