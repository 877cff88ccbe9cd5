// The API's answers about history imports, inferred from the router (types only, nothing bundled).
import type { RouterOutputs } from "@playbook/api/router";

export type ImportRun = RouterOutputs["imports"]["list"][number];
export type ImportRejection = RouterOutputs["imports"]["rejections"]["items"][number];

export const isRunning = (run: Pick<ImportRun, "status">) =>
  run.status === "staging" || run.status === "processing";
