import { getOpenPhoneConnection, getSettings } from "@playbook/core";
import packageJson from "../../../package.json" with { type: "json" };
import { router, viewerProcedure } from "../init";

export const systemRouter = router({
  info: viewerProcedure.query(async ({ ctx }) => {
    const settings = await getSettings(ctx.database.db);
    return {
      version: packageJson.version,
      database: ctx.database.kind,
      automation: { enabled: settings.enabled, shadowMode: settings.shadowMode },
    };
  }),
  /** Whether OpenPhone is set up and working: secrets present (never their values), last send, last webhook. */
  openPhoneConnection: viewerProcedure.query(({ ctx }) => getOpenPhoneConnection(ctx.engine)),
});
