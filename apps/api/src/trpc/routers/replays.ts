// Replays from the dashboard: everyone signed in may read the runs and their results (they are figures about the
// business's own history, like the Overview); only an admin starts, cancels or applies a threshold.
import { z } from "zod";
import {
  applyReplayThreshold,
  cancelReplayRun,
  getReplayRun,
  listReplayResults,
  listReplayRuns,
  startReplayRun,
  ZApplyReplayThresholdRequest,
  ZGetReplayRunRequest,
  ZListReplayResultsRequest,
  ZListReplayRunsRequest,
} from "@playbook/core";
import { replayPolicies } from "@playbook/db/schema";
import { adminProcedure, router, viewerProcedure } from "../init";
import { ZCsvFile } from "./imports";

/** The procedure's path under /trpc; the HTTP layer gives its body the upload limit. */
export const REPLAY_UPLOAD_PROCEDURE = "replays.startFromUpload";

const ZStartReplayRequest = z.object({
  /** One per press of "Start" (the dashboard makes it): a repeated request returns the same run. */
  requestKey: z.uuid(),
  policy: z.enum(replayPolicies),
});

/** A multipart form: the file in `file`, the policy and the request key as text fields. */
export const ZStartReplayUploadRequest = z
  .instanceof(FormData)
  .transform((form) => ({
    file: form.get("file") as unknown,
    requestKey: form.get("requestKey") as unknown,
    policy: form.get("policy") as unknown,
  }))
  .pipe(ZStartReplayRequest.extend({ file: ZCsvFile }));

export const replaysRouter = router({
  list: viewerProcedure
    .input(ZListReplayRunsRequest)
    .query(({ ctx, input }) => listReplayRuns(ctx.database.db, input)),
  get: viewerProcedure
    .input(ZGetReplayRunRequest)
    .query(({ ctx, input }) => getReplayRun(ctx.database.db, input.id)),
  results: viewerProcedure
    .input(ZListReplayResultsRequest)
    .query(({ ctx, input }) => listReplayResults(ctx.database.db, input)),
  /** Replays the message history stored in the database, in the background. */
  startFromHistory: adminProcedure.input(ZStartReplayRequest).mutation(async ({ ctx, input }) => {
    const { run, created } = await startReplayRun(
      { database: ctx.database, logger: ctx.logger },
      { ...input, createdBy: ctx.session.user.id, ip: ctx.ip },
    );
    return { id: run.id, created };
  }),
  /** Answers once the file arrived and its header was checked; the replay goes on in the background. */
  startFromUpload: adminProcedure
    .input(ZStartReplayUploadRequest)
    .mutation(async ({ ctx, input: { file, ...input } }) => {
      const { run, created } = await startReplayRun(
        { database: ctx.database, logger: ctx.logger },
        {
          ...input,
          createdBy: ctx.session.user.id,
          ip: ctx.ip,
          upload: { fileName: file.name, body: file.stream() },
        },
      );
      return { id: run.id, created };
    }),
  cancel: adminProcedure.input(ZGetReplayRunRequest).mutation(async ({ ctx, input }) => {
    const run = await cancelReplayRun(ctx.database.db, {
      id: input.id,
      actorUserId: ctx.session.user.id,
      ip: ctx.ip,
    });
    return { id: input.id, status: run?.status ?? null };
  }),
  /** Sets autoMinProbability from the curve, validated and audited like any settings change. */
  applyThreshold: adminProcedure
    .input(ZApplyReplayThresholdRequest)
    .mutation(({ ctx, input }) =>
      applyReplayThreshold(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
