// Learning quality on public labelled datasets (../shared/data beside the repository): each example becomes an
// exchange (question, then the intent's canned reply), a seeded share per intent is imported to learn from, the rest
// is replayed, and the replay is scored: top-1 accuracy, each decision level, and coverage against precision as a
// threshold on match score or confidence rises. The aim: automatic replies ≥ 99% precise, covering all they can.
//
//   npx tsx bench/learning-quality/run.ts [--dataset banking77|bitext|all] [--learn-share 0.6] [--limit N]
//                                         [--seed 1] [--out DIR]
//
// With TEST_DATABASE_URL or DATABASE_URL, each dataset gets a new database on that PostgreSQL server (dropped
// afterwards); without, a new embedded database. Files (learn.csv, test.csv, results.jsonl, report.json) go to
// DIR/<dataset>/, by default a new temporary directory that is kept.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { benchServerUrl, createFreshDatabase } from "../history/fresh-database";
import { writeHistoryCsv } from "../history/history-csv";
import {
  importHistory,
  migrateDatabase,
  readReplayResults,
  replayHistory,
  type TReplayResult,
} from "../history/playbook-cli";
import { exchangeRows, sampleExamples, splitByIntent, startAfter } from "./build-exchanges";
import { datasetNames, loadDataset, type DatasetName } from "./datasets";
import { buildQualityReport, formatQualityReport } from "./quality-report";

const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: "all" },
    "learn-share": { type: "string", default: "0.6" },
    limit: { type: "string" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
  },
});
const options = z
  .object({
    dataset: z.enum([...datasetNames, "all"]),
    learnShare: z.coerce.number().gt(0).lt(1),
    limit: z.coerce.number().int().positive().optional(),
    seed: z.coerce.number().int(),
    out: z.string().optional(),
  })
  .parse({
    dataset: values.dataset,
    learnShare: values["learn-share"],
    limit: values.limit,
    seed: values.seed,
    out: values.out,
  });

const LEARN_FROM = new Date("2025-01-06T14:00:00Z");
const percent = (value: number | null) => (value === null ? "-" : `${(value * 100).toFixed(1)}%`);

async function evaluate(name: DatasetName, outDir: string) {
  const all = await loadDataset(name);
  const examples =
    options.limit === undefined ? all : sampleExamples(all, options.limit, options.seed);
  const { learn, test } = splitByIntent(examples, options.learnShare, options.seed);
  // BANKING77 has questions only and its replies are ours, bare: dressed, they show whether templates are learned.
  const dressReplies = name === "banking77";
  const learnRows = exchangeRows(learn, {
    idPrefix: `${name}-learn`,
    startAt: LEARN_FROM,
    seed: options.seed,
    dressReplies,
  });
  const testRows = exchangeRows(test, {
    idPrefix: `${name}-test`,
    startAt: startAfter(learnRows, LEARN_FROM),
    seed: options.seed + 1,
    dressReplies,
  });

  const dir = join(outDir, name);
  await mkdir(dir, { recursive: true });
  const files = {
    learn: join(dir, "learn.csv"),
    test: join(dir, "test.csv"),
    results: join(dir, "results.jsonl"),
    report: join(dir, "report.json"),
  };
  await writeHistoryCsv(files.learn, learnRows);
  await writeHistoryCsv(files.test, testRows);

  const database = await createFreshDatabase(benchServerUrl(), `playbook_quality_${name}`);
  console.log(
    `\n== ${name}: ${learn.length} examples to learn from, ${test.length} to test; ${database.label}`,
  );
  try {
    await migrateDatabase(database.env);
    const imported = await importHistory(files.learn, database.env);
    console.log(
      `import: ${imported.exchangesLearned} exchanges learned, ${imported.patternsCreated} patterns, ` +
        `${imported.rowsRejected} rows rejected, ${imported.seconds.toFixed(1)} s`,
    );
    const replayed = await replayHistory(files.test, files.results, database.env);
    console.log(`replay: ${replayed.answered} answered messages, ${replayed.seconds.toFixed(1)} s`);

    const results: TReplayResult[] = [];
    for await (const result of readReplayResults(files.results)) results.push(result);
    if (results.length !== test.length) {
      console.log(
        `note: the replay reported ${results.length} of ${test.length} test messages; missing ones count as wrong`,
      );
    }
    const report = buildQualityReport(results, { total: test.length });
    const auto = report.levels.find((level) => level.decision === "auto");
    console.log(`\n${formatQualityReport(report)}`);
    console.log(
      `\nauto: precision ${percent(auto?.precision ?? null)} (aim ≥ 99%), coverage ${percent(auto?.coverage ?? null)}`,
    );
    await writeFile(
      files.report,
      `${JSON.stringify(
        {
          dataset: name,
          learnShare: options.learnShare,
          seed: options.seed,
          limit: options.limit ?? null,
          examples: { learn: learn.length, test: test.length },
          database: database.label,
          import: imported,
          replay: replayed,
          quality: report,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`files: ${dir}`);
  } finally {
    await database.drop();
  }
}

const outDir = options.out
  ? resolve(options.out)
  : await mkdtemp(join(tmpdir(), "playbook-learning-quality-"));
const datasets = options.dataset === "all" ? datasetNames : [options.dataset];
for (const name of datasets) await evaluate(name, outDir);
