// Ends every vitest run with one plain line, "Tests: N passed, N failed", that CI reads as the run's count.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) counts[test.result().state] += 1;
    }
    const skipped = counts.skipped + counts.pending;
    process.stdout.write(
      `Tests: ${counts.passed} passed, ${counts.failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`,
    );
  }
}
