// `npm run playbook -- import FILE.csv`: learns from a message history, resumably, with a progress bar.
import { importHistoryFile, listImportRejections, type ImportRuntime } from "@playbook/core";
import { createProgress, formatRate } from "./cli-support";

const SHOWN_REJECTIONS = 20;

export async function runImportCommand(
  runtime: ImportRuntime,
  opts: { file: string; json: boolean; batchSize: number | undefined },
): Promise<void> {
  const { batchSize } = opts;
  const startedAt = Date.now();
  const progress = createProgress();
  let result;
  try {
    result = await importHistoryFile(runtime, opts.file, {
      ...(batchSize ? { batchSize } : {}),
      onProgress: (run) => {
        if (run.status === "staging") progress.update("staging", run.bytesRead, run.fileBytes ?? 0);
        else progress.update("learning", run.rowsProcessed, run.rowsStaged);
      },
    });
  } finally {
    progress.stop();
  }
  const seconds = (Date.now() - startedAt) / 1000;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const cpu = process.cpuUsage();
  const rejections = await listImportRejections(runtime.database.db, {
    importId: result.id,
    limit: SHOWN_REJECTIONS,
  });

  const lines = [
    `Imported ${result.fileName} (import ${result.id}):`,
    `  rows staged        ${result.rowsStaged}`,
    `  rows rejected      ${result.rowsRejected}`,
    `  already imported   ${result.rowsDuplicate}`,
    `  messages recorded  ${result.messagesImported}`,
    `  decisions          ${result.decisionsRecorded}`,
    `  replies learned    ${result.exchangesLearned}`,
    `  new patterns       ${result.patternsCreated}`,
    `  took ${seconds.toFixed(1)} s (${formatRate(result.rowsStaged + result.rowsRejected, seconds)}), peak memory ${peakRssMb} MB`,
  ];
  if (rejections.items.length > 0) {
    lines.push(
      `Rejected rows${result.rowsRejected > SHOWN_REJECTIONS ? ` (first ${SHOWN_REJECTIONS})` : ""}:`,
    );
    for (const r of rejections.items) lines.push(`  line ${r.line}: ${r.reason}`);
    if (result.rowsRejected > SHOWN_REJECTIONS) {
      lines.push(
        `  … and ${result.rowsRejected - SHOWN_REJECTIONS} more: see Import in the dashboard.`,
      );
    }
  }
  if (opts.json) {
    lines.push(
      JSON.stringify({
        importId: result.id,
        status: result.status,
        rowsStaged: result.rowsStaged,
        rowsRejected: result.rowsRejected,
        rowsDuplicate: result.rowsDuplicate,
        messagesImported: result.messagesImported,
        decisionsRecorded: result.decisionsRecorded,
        exchangesLearned: result.exchangesLearned,
        patternsCreated: result.patternsCreated,
        seconds,
        rowsPerSecond: (result.rowsStaged + result.rowsRejected) / seconds,
        peakRssMb,
        // The whole process, start-up included: under a loaded machine, wall time says less than this.
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      }),
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
