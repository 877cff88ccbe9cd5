// Growth patterns: everyone signed in reads the ladder, transitions, patterns, refresh history and imports; an
// admin changes the growth settings (tier ladder, refresh interval, backtest window), uploads the three CSV files
// and asks for a refresh.
import { z } from "zod";
import {
  applyOutcomeConfidence,
  getGrowthLadder,
  getGrowthSettings,
  importGrowthFiles,
  listGrowthImports,
  listGrowthPatterns,
  listGrowthRefreshes,
  listGrowthRejections,
  recordAudit,
  refreshGrowthPatternsNow,
  updateGrowthSettings,
  ZGrowthSettingsPatch,
  ZListGrowthImportsRequest,
  ZListGrowthPatternsRequest,
  ZListGrowthRefreshesRequest,
  ZListGrowthRejectionsRequest,
  type GrowthImportSources,
} from "@playbook/core";
import { adminProcedure, router, viewerProcedure } from "../init";
import { growthContractorProcedures } from "./growth-contractors";

/** The procedure's path under /trpc; the HTTP layer gives its body the upload limit. */
export const GROWTH_UPLOAD_PROCEDURE = "growth.upload";

const growthFiles = ["contractors", "revenue", "activities"] as const;

const ZOptionalCsv = z
  .instanceof(File, { message: "must be a CSV file" })
  .refine((f) => f.size > 0, "is empty")
  .refine(
    (f) => f.name.toLowerCase().endsWith(".csv") || f.type === "text/csv",
    "must be a .csv file or of type text/csv",
  )
  .optional();

/** A multipart form with any of the fields contractors, revenue, activities, each a CSV file. */
export const ZGrowthUploadRequest = z
  .instanceof(FormData)
  // Unknown until checked: a field may as well be text, or missing.
  .transform((form): { contractors?: unknown; revenue?: unknown; activities?: unknown } => ({
    contractors: form.get("contractors") ?? undefined,
    revenue: form.get("revenue") ?? undefined,
    activities: form.get("activities") ?? undefined,
  }))
  .pipe(
    z
      .object({ contractors: ZOptionalCsv, revenue: ZOptionalCsv, activities: ZOptionalCsv })
      .refine((f) => growthFiles.some((k) => f[k] !== undefined), {
        message: "Choose at least one of contractors.csv, revenue.csv, activities.csv",
      }),
  );

export const growthRouter = router({
  ...growthContractorProcedures,
  ladder: viewerProcedure.query(({ ctx }) => getGrowthLadder(ctx.database.db)),
  patterns: viewerProcedure
    .input(ZListGrowthPatternsRequest)
    .query(({ ctx, input }) => listGrowthPatterns(ctx.database.db, input)),
  refreshes: viewerProcedure
    .input(ZListGrowthRefreshesRequest)
    .query(({ ctx, input }) => listGrowthRefreshes(ctx.database.db, input)),
  imports: viewerProcedure
    .input(ZListGrowthImportsRequest)
    .query(({ ctx, input }) => listGrowthImports(ctx.database.db, input)),
  rejections: viewerProcedure
    .input(ZListGrowthRejectionsRequest)
    .query(({ ctx, input }) => listGrowthRejections(ctx.database.db, input)),
  settings: viewerProcedure.query(({ ctx }) => getGrowthSettings(ctx.database.db)),
  setSettings: adminProcedure
    .input(ZGrowthSettingsPatch)
    .mutation(({ ctx, input }) =>
      updateGrowthSettings(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  /** Runs now, under the worker job's lock; CONFLICT when a refresh is already running. */
  refresh: adminProcedure.mutation(async ({ ctx }) => {
    const result = await refreshGrowthPatternsNow(
      { database: ctx.database, logger: ctx.logger },
      "request",
    );
    await applyOutcomeConfidence(ctx.database.db, result.refreshId);
    await recordAudit(ctx.database.db, {
      actorUserId: ctx.session.user.id,
      action: "growth.refresh",
      targetType: "growth_refresh",
      targetId: result.refreshId,
      details: { drivers: result.drivers, patterns: result.patterns },
      ip: ctx.ip,
    });
    return result;
  }),
  /** Imports the files given (contractors first); answers when done. The worker refreshes the patterns next. */
  upload: adminProcedure.input(ZGrowthUploadRequest).mutation(async ({ ctx, input }) => {
    const sources: GrowthImportSources = {};
    for (const kind of growthFiles) {
      const file = input[kind];
      if (file) sources[kind] = file.stream();
    }
    const result = await importGrowthFiles(
      { database: ctx.database, logger: ctx.logger },
      sources,
      {
        source: "upload",
        createdBy: ctx.session.user.id,
      },
    );
    await recordAudit(ctx.database.db, {
      actorUserId: ctx.session.user.id,
      action: "growth.import",
      targetType: "growth_import",
      targetId: result.importId,
      details: { files: result.files.map((f) => f.file), rowsRejected: result.rowsRejected },
      ip: ctx.ip,
    });
    return result;
  }),
});
