// `npm run playbook -- replay FILE.csv --out results.jsonl`: what Playbook would have done with a history.
import { replayHistoryFile, type ReplaySummary } from "@playbook/core";
import type { Database } from "@playbook/db";
import type { Logger } from "@playbook/core";
import { createProgress } from "./cli-support";

export async function runReplayCommand(
  runtime: { database: Database; logger: Logger },
  opts: {
    file: string;
    out: string;
    json: boolean;
    realState: boolean;
    batchSize: number | undefined;
    minutesPerReply: number | undefined;
    reviewMinutes: number | undefined;
  },
): Promise<void> {
  const { batchSize, minutesPerReply, reviewMinutes } = opts;
  const progress = createProgress();
  let result;
  try {
    result = await replayHistoryFile(runtime, opts.file, {
      outPath: opts.out,
      policy: opts.realState ? "real" : "what-if",
      ...(batchSize ? { batchSize } : {}),
      ...(minutesPerReply !== undefined ? { minutesPerReply } : {}),
      ...(reviewMinutes !== undefined ? { reviewMinutes } : {}),
      onProgress: (p) =>
        progress.update(p.phase === "staging" ? "reading" : "replaying", p.done, p.total),
    });
  } finally {
    progress.stop();
  }
  const lines = describeSummary(result.summary);
  lines.push(`Results: ${opts.out}`, `Summary: ${result.summaryPath}`);
  if (opts.json) {
    // The whole process, start-up included: under a loaded machine, wall time says less than this.
    const cpu = process.cpuUsage();
    lines.push(JSON.stringify({ ...result.summary, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);

export function describeSummary(s: ReplaySummary): string[] {
  const lines = [
    `Replayed ${s.file} (${s.policy === "what-if" ? "what-if: every pattern active and auto-executable" : "real activation state and settings"}):`,
    `  ${s.customerMessages} customer messages, ${s.answered} answered by an operator` +
      (s.rowsRejected > 0 ? `, ${s.rowsRejected} rows rejected` : "") +
      (s.rowsDuplicate > 0 ? `, ${s.rowsDuplicate} repeated rows skipped` : ""),
    "",
    "  decision   count   coverage   precision",
  ];
  for (const level of s.levels) {
    lines.push(
      `  ${level.decision.padEnd(9)} ${String(level.count).padStart(6)}   ${percent(level.coverage).padStart(8)}   ${percent(level.precision).padStart(9)}`,
    );
  }
  for (const c of s.cumulative) {
    lines.push(
      `  ${c.levels.join(" + ")}: coverage ${percent(c.coverage)}, precision ${percent(c.precision)}`,
    );
  }
  lines.push(
    "",
    `  Would-be automations: ${s.wouldBeAutomations.count} (${s.wouldBeAutomations.correct} right, ${s.wouldBeAutomations.wrong} wrong)`,
    `  Operator time saved: ${s.timeSaved.hours} h (${s.timeSaved.minutesPerReply} min per reply, ${s.timeSaved.reviewMinutes} min to review a suggestion)`,
  );
  if (s.topPatterns.length > 0) {
    lines.push("  Top patterns by time saved:");
    for (const p of s.topPatterns.slice(0, 5)) {
      lines.push(
        `    ${p.minutesSaved} min  ${p.patternId}  "${(p.triggerText ?? "").slice(0, 60)}"`,
      );
    }
  }
  for (const r of s.rejections) lines.push(`  rejected line ${r.line}: ${r.reason}`);
  lines.push(
    `  took ${s.seconds.toFixed(1)} s (${Math.round(s.messagesPerSecond).toLocaleString("en-US")} messages/s), peak memory ${s.peakRssMb} MB`,
  );
  return lines;
}
