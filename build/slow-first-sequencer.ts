// Orders test files so the longest start first. Two workers share the files; a long file that starts last runs
// on alone at the end (the soak, mostly waiting on timers, did so for almost three minutes). Vitest orders by the
// durations of the previous run when it has them, and otherwise, as on a fresh clone in CI, by file size: that put
// the 28-line soak last. The files below come first, in this order; every other file follows in vitest's order.
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The slowest files of a full run with TEST_DATABASE_URL set, longest first (seconds measured on 2 busy cores).
// A file that is not listed still runs; list a new file here when it takes more than ~10 s.
export const slowestTestFiles = [
  "apps/api/src/cli/cli.test.ts", // 198 s: child processes, killed and rerun
  "bench/soak/soak.test.ts", // 174 s: API and worker processes under faults, waits out a stalled send
  "apps/api/src/standalone.test.ts", // 95 s: child processes
  "apps/api/src/cli/growth-import.test.ts", // 44 s: child processes
  "packages/core/src/experiments/experiment-winner.test.ts", // ~35 s: 100+ live deliveries per database
  "packages/core/src/history/import-runner.test.ts",
  "packages/core/src/history/replay-runs.test.ts",
  "packages/core/src/auth/login.test.ts",
  "apps/api/src/app.test.ts",
  "packages/core/src/history/read-history-csv.test.ts",
  "packages/core/src/webhooks/receive-webhook.test.ts",
  "packages/db/src/client.test.ts",
  "packages/core/src/engine/learn-exchanges.test.ts",
  "apps/api/src/hardening.test.ts",
  "apps/worker/src/scheduler.test.ts",
  "packages/core/src/matching/match-index-scale.test.ts",
  "apps/worker/src/main.test.ts",
  "packages/core/src/matching/model-golden.test.ts",
  "packages/core/src/smart-suggestions/smart-suggestions.test.ts",
  "packages/core/src/patterns/bulk-update-patterns.test.ts", // 20 s: 500 patterns on both databases
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const file = path.relative(spec.project.config.root, spec.moduleId).split(path.sep).join("/");
      const index = slowestTestFiles.indexOf(file);
      return index === -1 ? slowestTestFiles.length : index;
    };
    // Array.prototype.sort is stable: unlisted files keep vitest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
