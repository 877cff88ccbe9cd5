// The whole tRPC API. The dashboard imports `AppRouter` (types only).
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router } from "./init";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { automationRouter } from "./routers/automation";
import { conversationsRouter } from "./routers/conversations";
import { customersRouter } from "./routers/customers";
import { demoRouter } from "./routers/demo";
import { experimentsRouter } from "./routers/experiments";
import { importsRouter } from "./routers/imports";
import { playgroundRouter } from "./routers/playground";
import { queueRouter } from "./routers/queue";
import { replaysRouter } from "./routers/replays";
import { statsRouter } from "./routers/stats";
import { smartSuggestionsRouter } from "./routers/smart-suggestions";
import { suggestionsRouter } from "./routers/suggestions";
import { configRouter } from "./routers/config";
import { growthRouter } from "./routers/growth";
import { jobsRouter } from "./routers/jobs";
import { patternsRouter } from "./routers/patterns";
import { systemRouter } from "./routers/system";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  config: configRouter,
  jobs: jobsRouter,
  system: systemRouter,
  conversations: conversationsRouter,
  customers: customersRouter,
  queue: queueRouter,
  suggestions: suggestionsRouter,
  smartSuggestions: smartSuggestionsRouter,
  stats: statsRouter,
  playground: playgroundRouter,
  automation: automationRouter,
  patterns: patternsRouter,
  imports: importsRouter,
  replays: replaysRouter,
  growth: growthRouter,
  demo: demoRouter,
  experiments: experimentsRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
