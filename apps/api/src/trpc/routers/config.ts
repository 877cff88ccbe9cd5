import { getSettings, updateSettings, ZSettingsPatch } from "@playbook/core";
import { adminProcedure, router, viewerProcedure } from "../init";

export const configRouter = router({
  get: viewerProcedure.query(({ ctx }) => getSettings(ctx.database.db)),
  set: adminProcedure
    .input(ZSettingsPatch)
    .mutation(({ ctx, input }) =>
      updateSettings(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
