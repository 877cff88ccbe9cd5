import {
  computeStats,
  getPerformanceTimeline,
  getTopPatterns,
  ZStatsRequest,
  ZTimelineRequest,
  ZTopPatternsRequest,
} from "@playbook/core";
import { router, viewerProcedure } from "../init";

export const statsRouter = router({
  get: viewerProcedure
    .input(ZStatsRequest)
    .query(({ ctx, input }) => computeStats(ctx.database.db, { ...input, now: ctx.engine.now() })),
  /** The engine's figures per local day or week of a range, in the settings' time zone. */
  timeline: viewerProcedure
    .input(ZTimelineRequest)
    .query(({ ctx, input }) => getPerformanceTimeline(ctx.database.db, input)),
  /** Patterns by operator time saved over a range, most first, with their uses and precision. */
  topPatterns: viewerProcedure
    .input(ZTopPatternsRequest)
    .query(({ ctx, input }) => getTopPatterns(ctx.database.db, input)),
});
