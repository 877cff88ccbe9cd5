// The whole tRPC API. The dashboard imports `AppRouter` (types only).
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router } from "./init";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { configRouter } from "./routers/config";
import { jobsRouter } from "./routers/jobs";
import { systemRouter } from "./routers/system";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  config: configRouter,
  jobs: jobsRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
