export { createApp, type AppOptions } from "./app";
export { startApi, type RunningApi } from "./server";
export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from "./trpc/router";
