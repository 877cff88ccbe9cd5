import { listRecentJobRuns } from "@playbook/core";
import { router, viewerProcedure } from "../init";

export const jobsRouter = router({
  recent: viewerProcedure.query(({ ctx }) => listRecentJobRuns(ctx.database.db, 50)),
});
