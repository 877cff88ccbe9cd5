import { defineConfig } from "vitest/config";
import SlowFirstSequencer from "./build/slow-first-sequencer";
import SummaryReporter from "./build/vitest-summary-reporter";

export default defineConfig({
  test: {
    reporters: ["default", new SummaryReporter()],
    include: ["{apps,packages}/*/src/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file starts its own databases; two cores take two files at a time.
    maxWorkers: 2,
    // A worker process runs file after file instead of starting afresh for each: loading the app's modules and
    // compiling PGlite's WebAssembly once per worker, not per file, saved about 1 s of CPU per file. Test files
    // share no state through modules (no vi.mock; stubbed variables are restored by the file that stubs them).
    isolate: false,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
