import { computeStats, ZStatsRequest } from "@playbook/core";
import { router, viewerProcedure } from "../init";

export const statsRouter = router({
  get: viewerProcedure
    .input(ZStatsRequest)
    .query(({ ctx, input }) => computeStats(ctx.database.db, { ...input, now: ctx.engine.now() })),
});
