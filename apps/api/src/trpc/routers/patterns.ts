// The pattern library: viewers read it, operators write new (inactive) patterns, and only admins turn a pattern
// on or make it auto-executable, edit, roll back, delete or restore it, change many at once or override confidence.
import {
  adjustPatternConfidence,
  bulkUpdatePatterns,
  createPattern,
  deletePattern,
  draftPatternFromExample,
  exportPatterns,
  getPattern,
  importPatterns,
  listPatterns,
  previewPattern,
  restorePattern,
  rollbackPattern,
  setPatternActive,
  undoBulkOperation,
  updatePattern,
  ZAdjustConfidenceRequest,
  ZBulkUpdatePatternsRequest,
  ZCreatePatternRequest,
  ZDraftPatternRequest,
  ZExportPatternsRequest,
  ZGetPatternRequest,
  ZImportPatternsRequest,
  ZListPatternsRequest,
  ZPatternIdRequest,
  ZPreviewPatternRequest,
  ZRollbackPatternRequest,
  ZSetPatternActiveRequest,
  ZUndoBulkOperationRequest,
  ZUpdatePatternRequest,
} from "@playbook/core";
import type { Context } from "../context";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../init";

const actorOf = (ctx: Context & { session: NonNullable<Context["session"]> }) => ({
  userId: ctx.session.user.id,
  ip: ctx.ip,
});

/** Takes a whole pattern file: the upload limit applies, not the request body limit. */
export const PATTERN_IMPORT_PROCEDURE = "patterns.import";

export const patternsRouter = router({
  list: viewerProcedure
    .input(ZListPatternsRequest)
    .query(({ ctx, input }) => listPatterns(ctx.database.db, input)),
  get: viewerProcedure
    .input(ZGetPatternRequest)
    .query(({ ctx, input }) => getPattern(ctx.database.db, input)),
  /** The builder's first draft of a pattern from a customer question and the reply. Writes nothing. */
  draft: operatorProcedure
    .input(ZDraftPatternRequest)
    .query(({ input }) => draftPatternFromExample(input)),
  /** The builder's live preview: sample replies, past messages matched, overlapping patterns. Writes nothing. */
  preview: operatorProcedure
    .input(ZPreviewPatternRequest)
    .query(({ ctx, input }) => previewPattern(ctx.database.db, input)),
  create: operatorProcedure
    .input(ZCreatePatternRequest)
    .mutation(({ ctx, input }) => createPattern(ctx.database.db, input, actorOf(ctx))),
  update: adminProcedure
    .input(ZUpdatePatternRequest)
    .mutation(({ ctx, input }) => updatePattern(ctx.database.db, input, actorOf(ctx))),
  rollback: adminProcedure
    .input(ZRollbackPatternRequest)
    .mutation(({ ctx, input }) => rollbackPattern(ctx.database.db, input, actorOf(ctx))),
  setActive: adminProcedure
    .input(ZSetPatternActiveRequest)
    .mutation(({ ctx, input }) => setPatternActive(ctx.database.db, input, actorOf(ctx))),
  delete: adminProcedure
    .input(ZPatternIdRequest)
    .mutation(({ ctx, input }) => deletePattern(ctx.database.db, input, actorOf(ctx))),
  restore: adminProcedure
    .input(ZPatternIdRequest)
    .mutation(({ ctx, input }) => restorePattern(ctx.database.db, input, actorOf(ctx))),
  bulk: adminProcedure
    .input(ZBulkUpdatePatternsRequest)
    .mutation(({ ctx, input }) => bulkUpdatePatterns(ctx.database.db, input, actorOf(ctx))),
  /** Undoes a bulk action once; a second undo changes nothing and says so. */
  bulkUndo: adminProcedure
    .input(ZUndoBulkOperationRequest)
    .mutation(({ ctx, input }) => undoBulkOperation(ctx.database.db, input, actorOf(ctx))),
  /** The patterns as a JSON file for another installation, personal data masked (a mutation: it is audited). */
  export: adminProcedure
    .input(ZExportPatternsRequest)
    .mutation(({ ctx, input }) => exportPatterns(ctx.database.db, input, actorOf(ctx))),
  /** An exported file: new patterns added inactive; importing it again adds nothing. */
  import: adminProcedure
    .input(ZImportPatternsRequest)
    .mutation(({ ctx, input }) => importPatterns(ctx.database.db, input, actorOf(ctx))),
  adjustConfidence: adminProcedure
    .input(ZAdjustConfidenceRequest)
    .mutation(({ ctx, input }) => adjustPatternConfidence(ctx.database.db, input, actorOf(ctx))),
});
