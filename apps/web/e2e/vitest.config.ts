// Browser tests of the built dashboard against the real server. Run from the repo root after `npm run build`:
// `vitest run --config apps/web/e2e/vitest.config.ts`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import SummaryReporter from "../../../build/vitest-summary-reporter";

export default defineConfig({
  root: fileURLToPath(new URL("../../..", import.meta.url)),
  test: {
    reporters: ["default", new SummaryReporter()],
    include: ["apps/web/e2e/**/*.e2e.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One server and one browser per file; files run one after another so they do not compete for CPU.
    fileParallelism: false,
  },
});
