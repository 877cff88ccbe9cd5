// Message-history imports: everyone signed in follows their progress; an admin uploads a file from the dashboard.
import { z } from "zod";
import {
  getImport,
  listImportRejections,
  listImports,
  receiveUploadedImport,
  recordAudit,
  ZGetImportRequest,
  ZListImportRejectionsRequest,
  ZListImportsRequest,
} from "@playbook/core";
import { adminProcedure, router, viewerProcedure } from "../init";

/** The procedure's path under /trpc; the HTTP layer gives its body a limit of its own. */
export const UPLOAD_PROCEDURE = "imports.upload";

const MAX_FILE_NAME_LENGTH = 200;

const isCsv = (file: File) => file.name.toLowerCase().endsWith(".csv") || file.type === "text/csv";

export const ZCsvFile = z
  .instanceof(File, { message: "Choose a CSV file to upload" })
  .refine((file) => file.size > 0, "The file is empty")
  .refine(
    (file) => file.name.trim() !== "" && file.name.length <= MAX_FILE_NAME_LENGTH,
    `The file name must have 1 to ${MAX_FILE_NAME_LENGTH} characters`,
  )
  .refine(isCsv, "Only CSV files can be imported: a .csv file or one of type text/csv");

/** A multipart form with the file in its `file` field, as the dashboard's upload form sends it. */
export const ZUploadImportRequest = z
  .instanceof(FormData)
  // Unknown until checked: a field of that name may as well be text, or missing.
  .transform((form): { file: unknown } => ({ file: form.get("file") }))
  .pipe(z.object({ file: ZCsvFile }));

export const importsRouter = router({
  list: viewerProcedure
    .input(ZListImportsRequest)
    .query(({ ctx, input }) => listImports(ctx.database.db, input)),
  get: viewerProcedure
    .input(ZGetImportRequest)
    .query(({ ctx, input }) => getImport(ctx.database.db, input.id)),
  rejections: viewerProcedure
    .input(ZListImportRejectionsRequest)
    .query(({ ctx, input }) => listImportRejections(ctx.database.db, input)),
  /**
   * Answers once the whole file is staged; recording and learning go on in the background. A file that cannot be
   * imported at all (a required column missing, not a CSV) throws HistoryCsvError, a BAD_REQUEST with its reason.
   */
  upload: adminProcedure.input(ZUploadImportRequest).mutation(async ({ ctx, input: { file } }) => {
    const { importId } = await receiveUploadedImport(
      { database: ctx.database, logger: ctx.logger },
      {
        fileName: file.name,
        body: file.stream(),
        // Known from the form, so staging progress can be measured from the first byte.
        fileBytes: file.size,
        createdBy: ctx.session.user.id,
      },
    );
    await recordAudit(ctx.database.db, {
      actorUserId: ctx.session.user.id,
      action: "import.upload",
      targetType: "import",
      targetId: importId,
      details: { fileName: file.name, bytes: file.size },
      ip: ctx.ip,
    });
    return { importId };
  }),
});
