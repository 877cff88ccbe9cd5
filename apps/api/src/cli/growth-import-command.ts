// `npm run playbook -- growth-import DIR`: imports DIR/contractors.csv, revenue.csv and activities.csv (those
// present), then refreshes the growth patterns unless --no-refresh (the worker would, but it may not be running).
import {
  listGrowthRejections,
  openGrowthFolder,
  refreshGrowthPatternsNow,
  applyOutcomeConfidence,
  type GrowthImportRuntime,
  importGrowthFiles,
} from "@playbook/core";
import { createProgress, formatRate } from "./cli-support";

const SHOWN_REJECTIONS = 20;

export async function runGrowthImportCommand(
  runtime: GrowthImportRuntime,
  opts: { dir: string; json: boolean; refresh: boolean },
): Promise<void> {
  const startedAt = Date.now();
  const progress = createProgress();
  let result;
  try {
    result = await importGrowthFiles(runtime, await openGrowthFolder(opts.dir), {
      source: "cli",
      onProgress: (file) => progress.update(file.file, file.rowsRead, file.rowsRead),
    });
  } finally {
    progress.stop();
  }
  const importSeconds = (Date.now() - startedAt) / 1000;
  const lines = [`Growth import ${result.importId}: ${result.status}`];
  for (const f of result.files) {
    lines.push(
      `  ${f.file.padEnd(16)} ${f.rowsAccepted} accepted, ${f.rowsRejected} rejected${f.done ? "" : " (stopped)"}`,
    );
  }
  lines.push(
    `  took ${importSeconds.toFixed(1)} s (${formatRate(result.rowsRead, importSeconds)})`,
  );
  if (result.error) lines.push(`  error: ${result.error}`);
  if (result.rowsRejected > 0) {
    const shown = await listGrowthRejections(runtime.database.db, {
      importId: result.importId,
      limit: SHOWN_REJECTIONS,
      offset: 0,
    });
    lines.push(
      `Rejected rows${result.rowsRejected > SHOWN_REJECTIONS ? ` (first ${SHOWN_REJECTIONS})` : ""}:`,
    );
    for (const r of shown) lines.push(`  ${r.file} line ${r.line}: ${r.reason}`);
  }
  let refresh = null;
  if (opts.refresh && result.status === "done") {
    refresh = await refreshGrowthPatternsNow(runtime, "import");
    await applyOutcomeConfidence(runtime.database.db, refresh.refreshId);
    lines.push(
      `Refreshed growth patterns (${refresh.refreshId}): ${refresh.transitions} transitions, ` +
        `${refresh.patterns} patterns, ${refresh.drivers} drivers, ${(refresh.durationMs / 1000).toFixed(1)} s`,
    );
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  lines.push(`Peak memory ${peakRssMb} MB`);
  if (opts.json) {
    lines.push(JSON.stringify({ ...result, importSeconds, refresh, peakRssMb }));
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  if (result.status !== "done") process.exitCode = 1;
}
