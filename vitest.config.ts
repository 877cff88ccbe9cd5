import { defineConfig } from "vitest/config";
import SummaryReporter from "./build/vitest-summary-reporter";

export default defineConfig({
  test: {
    reporters: ["default", new SummaryReporter()],
    include: ["{apps,packages}/*/src/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file starts its own databases; two cores take two files at a time.
    maxWorkers: 2,
  },
});
